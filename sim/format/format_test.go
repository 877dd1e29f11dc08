package format

import (
	"strings"
	"testing"
)

func TestThousandsMoneyPercent(t *testing.T) {
	for _, c := range []struct {
		x    float64
		d    int
		want string
	}{
		{0, 0, "0"}, {999, 0, "999"}, {1000, 0, "1,000"}, {-1234567.89, 1, "-1,234,567.9"},
		{123456, 0, "123,456"}, {-0.04, 1, "0.0"}, {1e9, 0, "1,000,000,000"},
	} {
		if got := Thousands(c.x, c.d); got != c.want {
			t.Errorf("Thousands(%v, %d) = %q; want %q", c.x, c.d, got, c.want)
		}
	}
	for got, want := range map[string]string{Money(-12000): "-$12,000", SignedMoney(5): "+$5", SignedMoney(-5): "-$5",
		Percent(0.2345): "23.4%", Count(12500): "12,500", Days(48.25): "48.2 d"} {
		if got != want && !(want == "48.2 d" && got == "48.3 d") {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

// An interval with width never prints its two ends alike, and both ends carry the precision of
// the mean.
func TestIntervalNeverCollapses(t *testing.T) {
	days := func(x float64, extra int) string { return Thousands(x, extra) + " d" }
	m, ci := Interval(days, 48.2, 48.1, 48.3)
	if m != "48.2 d" || ci != "48.1 d to 48.3 d" {
		t.Errorf("got %q, %q", m, ci)
	}
	m, ci = Interval(days, 48, 47.9, 48.04)
	if m != "48.0 d" || ci != "47.9 d to 48.0 d" {
		t.Errorf("got %q, %q", m, ci)
	}
	m, ci = Interval(days, 48, 48.001, 48.002)
	if ci != "48.001 d to 48.002 d" || m != "48.000 d" {
		t.Errorf("got %q, %q", m, ci)
	}
	// No width: the usual precision.
	if _, ci = Interval(days, 48, 48, 48); ci != "48 d to 48 d" {
		t.Errorf("a point interval: %q", ci)
	}
}

// Values read together share one precision, and two different values never print alike.
func TestValuesShareOnePrecision(t *testing.T) {
	for _, c := range []struct {
		sig  int
		xs   []float64
		want string
	}{
		{4, []float64{0.9764, 0.9203, 1.041}, "0.976 0.920 1.041"},
		{4, []float64{1234.6, 1000}, "1235 1000"},
		{3, []float64{1.2001, 1.2004, 1.5}, "1.2001 1.2004 1.5000"},
		{3, []float64{1.2, 1.2}, "1.20 1.20"},
		{2, []float64{0, 0}, "0.0 0.0"},
	} {
		if got := strings.Join(Values(c.sig, c.xs...), " "); got != c.want {
			t.Errorf("Values(%d, %v) = %s, want %s", c.sig, c.xs, got, c.want)
		}
	}
}

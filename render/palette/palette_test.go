package palette

import "testing"

func TestHexAndTrust(t *testing.T) {
	if got := Hex(TeamA); got != "#D55E00" {
		t.Errorf("Hex(TeamA) = %s", got)
	}
	if TrustColor(0) != TrustLow || TrustColor(1) != TrustHigh || TrustColor(-3) != TrustLow || TrustColor(7) != TrustHigh {
		t.Error("trust shades do not run from TrustLow to TrustHigh, clamped")
	}
	if TeamColor(0) != TeamA || TeamColor(1) != TeamB {
		t.Error("team colours")
	}
}

package stats

import (
	"encoding/binary"
	"errors"
	"math"
)

// Encoder appends values in a compact binary form: varints for counts, little-endian IEEE-754
// for floats (bit for bit, so a round trip is lossless). It is much faster to read than JSON,
// which matters when a browser merges the aggregates of its workers.
type Encoder struct{ Buf []byte }

// Uint appends a non-negative count.
func (e *Encoder) Uint(x uint64) { e.Buf = binary.AppendUvarint(e.Buf, x) }

// Int appends a signed integer.
func (e *Encoder) Int(x int64) { e.Buf = binary.AppendVarint(e.Buf, x) }

// Float appends a float64.
func (e *Encoder) Float(x float64) {
	e.Buf = binary.LittleEndian.AppendUint64(e.Buf, math.Float64bits(x))
}

// Floats appends a length and the floats.
func (e *Encoder) Floats(xs []float64) {
	e.Uint(uint64(len(xs)))
	for _, x := range xs {
		e.Float(x)
	}
}

// String appends a length and the bytes.
func (e *Encoder) String(s string) {
	e.Uint(uint64(len(s)))
	e.Buf = append(e.Buf, s...)
}

// Sum appends an exact sum.
func (e *Encoder) Sum(s *Sum) { e.Floats(s.Partials) }

// Moments appends moments.
func (e *Encoder) Moments(m *Moments) {
	e.Int(m.N)
	e.Sum(&m.Sum)
	e.Sum(&m.SumSq)
}

// Quantiles appends a quantile summary.
func (e *Encoder) Quantiles(q *Quantiles) {
	e.Uint(uint64(q.Exact))
	e.Int(q.N)
	e.Floats(q.Values)
	e.Uint(uint64(len(q.Buckets)))
	for _, b := range q.Buckets {
		e.Int(int64(b.Key))
		e.Int(b.Count)
	}
}

// ErrCorrupt reports binary input that an Encoder did not write.
var ErrCorrupt = errors.New("corrupt binary aggregate")

// Decoder reads what an Encoder wrote. After the first error every read returns zero values
// and Err reports it, so callers check once at the end.
type Decoder struct {
	Buf []byte
	Err error
}

func (d *Decoder) fail() {
	if d.Err == nil {
		d.Err = ErrCorrupt
	}
	d.Buf = nil
}

// Uint reads a count.
func (d *Decoder) Uint() uint64 {
	x, n := binary.Uvarint(d.Buf)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.Buf = d.Buf[n:]
	return x
}

// Len reads a count that bounds what follows: at most what the rest of the input could hold
// with size bytes each, so corrupt input cannot ask for a huge allocation.
func (d *Decoder) Len(size int) int {
	x := d.Uint()
	if x > uint64(len(d.Buf)/max(size, 1)) {
		d.fail()
		return 0
	}
	return int(x)
}

// Int reads a signed integer.
func (d *Decoder) Int() int64 {
	x, n := binary.Varint(d.Buf)
	if n <= 0 {
		d.fail()
		return 0
	}
	d.Buf = d.Buf[n:]
	return x
}

// Float reads a float64.
func (d *Decoder) Float() float64 {
	if len(d.Buf) < 8 {
		d.fail()
		return 0
	}
	x := math.Float64frombits(binary.LittleEndian.Uint64(d.Buf))
	d.Buf = d.Buf[8:]
	return x
}

// Floats reads a length and the floats.
func (d *Decoder) Floats() []float64 {
	n := d.Len(8)
	if n == 0 {
		return nil
	}
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = d.Float()
	}
	return xs
}

// String reads a length and the bytes.
func (d *Decoder) String() string {
	n := d.Len(1)
	s := string(d.Buf[:n])
	d.Buf = d.Buf[n:]
	return s
}

// Sum reads an exact sum.
func (d *Decoder) Sum() Sum { return Sum{Partials: d.Floats()} }

// Moments reads moments.
func (d *Decoder) Moments() Moments {
	n := d.Int()
	return Moments{N: n, Sum: d.Sum(), SumSq: d.Sum()}
}

// Quantiles reads a quantile summary.
func (d *Decoder) Quantiles() Quantiles {
	q := Quantiles{Exact: int(min(d.Uint(), math.MaxInt32)), N: d.Int(), Values: d.Floats()}
	if n := d.Len(2); n > 0 {
		q.Buckets = make([]Bucket, n)
		for i := range q.Buckets {
			q.Buckets[i] = Bucket{Key: int32(max(math.MinInt32, min(d.Int(), math.MaxInt32))), Count: d.Int()}
		}
	}
	if q.Exact < 2 {
		d.fail()
	}
	return q
}

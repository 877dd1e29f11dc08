package sim

// docs/model.md, "One run": the calendar that lets a week visit only what falls due in it.

// calendar files entities (by their slot) under the week of their next event, so a week visits
// only what falls due in it. The weeks within ringWeeks of the last refill sit in a ring of
// buckets; events further ahead wait in later and move into the ring as it comes round. Buckets
// keep their capacity, so a long run allocates nothing once its busiest weeks have been seen,
// and the calendar holds one entry per filed entity whatever the number of weeks.
type calendar struct {
	ring    [ringWeeks][]int32
	later   []int32
	laterAt []int32 // the week each entry of later is filed under
	horizon int32   // weeks before it are in the ring
}

const ringWeeks = 64

func (c *calendar) reset() {
	for i := range c.ring {
		c.ring[i] = c.ring[i][:0]
	}
	c.later, c.laterAt = c.later[:0], c.laterAt[:0]
	c.horizon = ringWeeks
}

// add files slot under week and returns its position, for remove.
func (c *calendar) add(week, slot int32) (pos int32) {
	if week < c.horizon {
		b := &c.ring[uint32(week)%ringWeeks]
		*b = append(*b, slot)
		return int32(len(*b) - 1)
	}
	c.later = append(c.later, slot)
	c.laterAt = append(c.laterAt, week)
	return int32(len(c.later) - 1)
}

// remove takes the entry at pos of week out. The last entry of its list takes its place: the
// caller records moved's new position pos, unless moved is -1 (nothing moved).
func (c *calendar) remove(week, pos int32) (moved int32) {
	if week < c.horizon {
		b := &c.ring[uint32(week)%ringWeeks]
		return cut(b, pos)
	}
	last := int32(len(c.laterAt) - 1)
	c.laterAt[pos] = c.laterAt[last]
	c.laterAt = c.laterAt[:last]
	return cut(&c.later, pos)
}

// cut moves the last element of *b to pos and shortens *b; it returns that element, or -1 when
// pos was the last.
func cut(b *[]int32, pos int32) int32 {
	last := int32(len(*b) - 1)
	moved := (*b)[last]
	(*b)[pos] = moved
	*b = (*b)[:last]
	if pos == last {
		return -1
	}
	return moved
}

// pop takes an entry due in week (the week being stepped) out, or reports false when none is left.
func (c *calendar) pop(week int32) (int32, bool) {
	b := &c.ring[uint32(week)%ringWeeks]
	n := len(*b)
	if n == 0 {
		return 0, false
	}
	slot := (*b)[n-1]
	*b = (*b)[:n-1]
	return slot, true
}

// turn is called at the start of every week before anything is filed or popped: when the ring
// comes round, the entries of later that now fall within it move in. moved reports each entry's
// new position.
func (c *calendar) turn(week int32, moved func(slot, pos int32)) {
	if week < c.horizon {
		return
	}
	c.horizon = week + ringWeeks
	kept := 0
	for i, slot := range c.later {
		at := c.laterAt[i]
		if at < c.horizon {
			moved(slot, c.add(at, slot))
			continue
		}
		c.later[kept], c.laterAt[kept] = slot, at
		moved(slot, int32(kept))
		kept++
	}
	c.later, c.laterAt = c.later[:kept], c.laterAt[:kept]
}

// take appends the entries due in week (the week being stepped) to dst, empties the bucket, and
// returns dst.
func (c *calendar) take(week int32, dst []int32) []int32 {
	b := &c.ring[uint32(week)%ringWeeks]
	dst = append(dst, *b...)
	*b = (*b)[:0]
	return dst
}

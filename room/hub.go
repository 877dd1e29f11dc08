package room

import "sync"

// hub tells a room's open pages that the room changed. Each listener holds at most one pending
// signal, so a burst of changes wakes a slow page once, and it then reads the latest state.
type hub struct {
	mu        sync.Mutex
	listeners map[chan struct{}]bool
}

func (h *hub) listen() chan struct{} {
	c := make(chan struct{}, 1)
	c <- struct{}{} // the current state first
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.listeners == nil {
		h.listeners = map[chan struct{}]bool{}
	}
	h.listeners[c] = true
	return c
}

func (h *hub) leave(c chan struct{}) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.listeners, c)
}

func (h *hub) notify() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.listeners {
		select {
		case c <- struct{}{}:
		default:
		}
	}
}

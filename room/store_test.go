//go:build !(js && wasm)

package room

import (
	"testing"

	"github.com/pipesim/pipesim/sim"
)

// Resume creates a room in an empty store, carries on with the newest one after that, and
// starts another when asked.
func TestResume(t *testing.T) {
	store, err := OpenStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	first, err := store.Resume(false, sim.DefaultPreset)
	if err != nil {
		t.Fatal(err)
	}
	again, err := store.Resume(false, sim.DefaultPreset)
	if err != nil || again.Code != first.Code {
		t.Fatalf("resume: room %s, %v; want %s", again.Code, err, first.Code)
	}
	fresh, err := store.Resume(true, sim.DefaultPreset)
	if err != nil || fresh.Code == first.Code {
		t.Fatalf("fresh: room %s, %v; want a new room", fresh.Code, err)
	}
	if latest, err := store.Resume(false, sim.DefaultPreset); err != nil || latest.Code != fresh.Code {
		t.Errorf("after a fresh room: %s, %v; want the newest, %s", latest.Code, err, fresh.Code)
	}
	if rooms, _ := store.Rooms(); len(rooms) != 2 {
		t.Errorf("%d rooms, want 2", len(rooms))
	}
}

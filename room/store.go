// The rooms' database, bbolt, does not build for WebAssembly.

//go:build !(js && wasm)

package room

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Store keeps rooms and participants in a bbolt database file: each change is committed to
// disk before it is acknowledged, so a restart loses nothing.
type Store struct{ db *bolt.DB }

var roomsBucket = []byte("rooms")

// OpenStore opens (or creates) the database in dir.
func OpenStore(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("--data %s: %w", dir, err)
	}
	db, err := bolt.Open(filepath.Join(dir, "rooms.db"), 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("--data %s: %w (is another pipesim room using it?)", dir, err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(roomsBucket)
		return err
	}); err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db}, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// codeAlphabet has no 0/O or 1/I/L, to read off a projector.
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// CodeLen characters of a 31-symbol alphabet: 8 x log2(31) = 39.6 bits.
const CodeLen = 8

func newCode() string {
	b := make([]byte, CodeLen)
	for i := range b {
		b[i] = codeAlphabet[randIndex(len(codeAlphabet))]
	}
	return string(b)
}

// randIndex is a uniform index below n from the system's secure source.
func randIndex(n int) int {
	var b [1]byte
	for {
		_, _ = rand.Read(b[:])
		if int(b[0]) < 256/n*n {
			return int(b[0]) % n
		}
	}
}

// NewToken is 128 random bits in hex: a participant's token or a facilitator's key.
func NewToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// NormalCode upper-cases a code as typed and drops spaces and dashes.
func NormalCode(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// CreateRoom makes a new room in its first round's setup.
func (s *Store) CreateRoom(preset string) (Room, error) {
	r := Room{Code: newCode(), Secret: NewToken(), Created: time.Now().UTC(),
		Round: Round{Number: 1, Phase: PhaseSetup, Preset: preset, Markets: DefaultMarkets, Seed: 1}}
	err := s.db.Update(func(tx *bolt.Tx) error {
		rooms := tx.Bucket(roomsBucket)
		for rooms.Get([]byte(r.Code)) != nil {
			r.Code = newCode()
		}
		if _, err := tx.CreateBucket(participantsKey(r.Code)); err != nil {
			return err
		}
		return put(rooms, r.Code, r)
	})
	return r, err
}

func participantsKey(code string) []byte { return []byte("participants/" + code) }

func put(b *bolt.Bucket, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put([]byte(key), data)
}

// ErrNoRoom is the answer for a code that names no room.
var ErrNoRoom = errors.New("no room has that code")

// Room reads a room.
func (s *Store) Room(code string) (Room, error) {
	var r Room
	err := s.db.View(func(tx *bolt.Tx) error {
		data := tx.Bucket(roomsBucket).Get([]byte(code))
		if data == nil {
			return ErrNoRoom
		}
		return json.Unmarshal(data, &r)
	})
	return r, err
}

// Resume is the room a restarted server carries on with: the newest room, or a new one of
// preset when fresh or when there is none yet.
func (s *Store) Resume(fresh bool, preset string) (Room, error) {
	rooms, err := s.Rooms()
	switch {
	case err != nil:
		return Room{}, err
	case fresh || len(rooms) == 0:
		return s.CreateRoom(preset)
	}
	return rooms[len(rooms)-1], nil
}

// Rooms lists every room, the newest last.
func (s *Store) Rooms() ([]Room, error) {
	var out []Room
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(roomsBucket).ForEach(func(_, v []byte) error {
			var r Room
			if err := json.Unmarshal(v, &r); err != nil {
				return err
			}
			out = append(out, r)
			return nil
		})
	})
	slices.SortFunc(out, func(a, b Room) int { return a.Created.Compare(b.Created) })
	return out, err
}

// UpdateRoom changes a room in one transaction; fn sees the participants' bucket too.
func (s *Store) UpdateRoom(code string, fn func(r *Room, ps *bolt.Bucket) error) (Room, error) {
	var r Room
	err := s.db.Update(func(tx *bolt.Tx) error {
		rooms := tx.Bucket(roomsBucket)
		data := rooms.Get([]byte(code))
		if data == nil {
			return ErrNoRoom
		}
		r = Room{}
		if err := json.Unmarshal(data, &r); err != nil {
			return err
		}
		if err := fn(&r, tx.Bucket(participantsKey(code))); err != nil {
			return err
		}
		return put(rooms, code, r)
	})
	return r, err
}

// Participants lists a room's participants in the order they joined.
func (s *Store) Participants(code string) ([]Participant, error) {
	var out []Participant
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(participantsKey(code))
		if b == nil {
			return ErrNoRoom
		}
		out = readParticipants(b)
		return nil
	})
	return out, err
}

func readParticipants(b *bolt.Bucket) []Participant {
	var out []Participant
	_ = b.ForEach(func(_, v []byte) error {
		var p Participant
		if json.Unmarshal(v, &p) == nil {
			out = append(out, p)
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b Participant) int { return a.Joined.Compare(b.Joined) })
	return out
}

// Count is the number of a room's participants.
func (s *Store) Count(code string) int {
	n := 0
	_ = s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(participantsKey(code)); b != nil {
			n = b.Stats().KeyN
		}
		return nil
	})
	return n
}

// Participant reads one participant by token.
func (s *Store) Participant(code, token string) (Participant, bool) {
	var p Participant
	ok := false
	_ = s.db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket(participantsKey(code)); b != nil {
			if data := b.Get([]byte(token)); data != nil {
				ok = json.Unmarshal(data, &p) == nil
			}
		}
		return nil
	})
	return p, ok
}

// Refusal is an entry the room does not take, with the message for the participant.
type Refusal struct{ FieldError }

// Submit stores a participant's entry, creating the participant when token is empty, and
// returns it. Concurrent submissions share one disk commit (bbolt's Batch).
func (s *Store) Submit(code, token string, e Entry) (Participant, error) {
	var p Participant
	err := s.db.Batch(func(tx *bolt.Tx) error {
		data := tx.Bucket(roomsBucket).Get([]byte(code))
		if data == nil {
			return ErrNoRoom
		}
		var r Room
		if err := json.Unmarshal(data, &r); err != nil {
			return err
		}
		if r.Round.Phase != PhaseSetup && r.Round.Phase != PhaseOpen {
			return &Refusal{FieldError{"phase", "entries are closed for this round"}}
		}
		b := tx.Bucket(participantsKey(code))
		now := time.Now().UTC()
		p = Participant{Token: token, Joined: now}
		if token != "" {
			old := b.Get([]byte(token))
			if old == nil {
				return &Refusal{FieldError{"token", "this device's entry is not in the room: join again"}}
			}
			if err := json.Unmarshal(old, &p); err != nil {
				return err
			}
		}
		if e.Name == GoalName || e.Name == ProcessName {
			return &Refusal{FieldError{"name", "that name is the reference's: pick another"}}
		}
		all := readParticipants(b)
		for _, o := range all {
			if o.Token != p.Token && strings.EqualFold(o.Entry.Name, e.Name) {
				return &Refusal{FieldError{"name", "another team has that name: pick another"}}
			}
		}
		if token == "" {
			if len(all) >= MaxEntries {
				return &Refusal{FieldError{"name", fmt.Sprintf("the room is full (%d teams)", MaxEntries)}}
			}
			p.Token = NewToken()
		}
		p.Entry, p.Updated = e, now
		p.Changes++
		return put(b, p.Token, p)
	})
	return p, err
}

// Package teamname names a team by what it is. The presets name their teams for the pure
// strategies ("Goal-oriented" at adherence 0, "Process-oriented" at 1); a team blended between
// them by its adherence would keep a pure name and mislead, so it is named for its blend
// ("Goal-leaning 0.25") unless someone gave it a name of their own.
package teamname

import (
	"strconv"
	"strings"

	"github.com/pipesim/pipesim/sim"
)

// The pure strategies' names, as the presets give them.
const (
	Goal    = "Goal-oriented"
	Process = "Process-oriented"
)

// The words of a blend's name, before its adherence.
const (
	goalLeaning    = "Goal-leaning"
	evenBlend      = "Even blend"
	processLeaning = "Process-leaning"
)

// ForAdherence is the name of a team at an adherence: a pure strategy's at 0 and 1, else the
// side it leans to and the adherence with two decimals, as the page's sliders show it.
func ForAdherence(a float64) string {
	switch {
	case a <= 0:
		return Goal
	case a >= 1:
		return Process
	}
	digits := strconv.FormatFloat(a, 'f', 2, 64)
	switch {
	case digits == "0.50":
		return evenBlend + " " + digits
	case a < 0.5:
		return goalLeaning + " " + digits
	}
	return processLeaning + " " + digits
}

// IsAutomatic reports whether name is one ForAdherence gives, so it follows the adherence; any
// other name is someone's choice and stays.
func IsAutomatic(name string) bool {
	if name == Goal || name == Process {
		return true
	}
	for _, w := range []string{goalLeaning, evenBlend, processLeaning} {
		if rest, ok := strings.CutPrefix(name, w+" "); ok {
			a, err := strconv.ParseFloat(rest, 64)
			return err == nil && ForAdherence(a) == name
		}
	}
	return false
}

// Follow renames every team whose name is automatic after its adherence.
func Follow(s *sim.Scenario) {
	for i := range s.Teams {
		if IsAutomatic(s.Teams[i].Name) {
			s.Teams[i].Name = ForAdherence(s.Teams[i].Adherence)
		}
	}
}

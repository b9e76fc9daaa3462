package main

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/trunksim/trunksim/output"
	"github.com/trunksim/trunksim/scenarios"
)

// deckAssumptions are the deck's assumptions page: every input that
// differs from the defaults and that the variants (their scenarios scs)
// share. What the variants differ by, such as the policy of a
// three-policy deck, is what the deck compares, not an assumption. A
// domain's or team's inputs share a line.
func deckAssumptions(scs []*scenarios.Scenario) []string {
	shared := scs[0].Assumptions()
	for _, s := range scs[1:] {
		other := s.Assumptions()
		shared = slices.DeleteFunc(shared, func(a scenarios.Assumption) bool { return !slices.Contains(other, a) })
	}
	var lines []string
	group := map[string]int{}
	for _, a := range shared {
		parts := strings.SplitN(a.Key, ".", 3)
		if len(parts) == 3 && (parts[0] == "domains" || parts[0] == "teams") {
			head := parts[0] + "." + parts[1]
			item := inputPhrase(parts[2], a.Value, a.Unit, true)
			if i, ok := group[head]; ok {
				lines[i] += "; " + item
				continue
			}
			group[head] = len(lines)
			lines = append(lines, head+": "+item)
			continue
		}
		text := inputPhrase(a.Key, a.Value, a.Unit, false)
		if a.Default != "" {
			text += " (default " + inputPhrase(a.Key, a.Default, a.Unit, false) + ")"
		}
		lines = append(lines, a.Key+": "+text)
	}
	return lines
}

var number = regexp.MustCompile(`-?\d+(\.\d+)?([eE][+-]?\d+)?`)

// inputPhrase writes an input's value with its unit as a person reads
// it: "30% a year", "8x", "40%", "5 engineers", "compute, networking";
// named, within a domain's or a team's line, by its key's last part
// (name) where the unit does not say what it is. Every number is
// written without an exponent.
func inputPhrase(name, value, unit string, named bool) string {
	value = number.ReplaceAllStringFunc(value, func(s string) string {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return s
		}
		return output.FormatValue(x)
	})
	x, numErr := strconv.ParseFloat(strings.ReplaceAll(value, ",", ""), 64)
	var text string
	switch {
	case unit == "true or false":
		switch {
		case !named:
			return map[string]string{"true": "yes", "false": "no"}[value]
		case value != "true":
			return "not " + name
		case name == "trunk":
			return "the trunk"
		}
		return name
	case unit == "list of domain names":
		return name + " " + strings.Join(strings.Fields(strings.Trim(value, "[]")), ", ")
	case strings.HasPrefix(unit, "percent") && unit != "percentage points":
		text = value + "%" + strings.TrimPrefix(unit, "percent")
	case strings.HasPrefix(unit, "share") && numErr == nil:
		rest := strings.TrimPrefix(unit, "share")
		if strings.HasPrefix(rest, ",") { // a range, not a unit
			rest = ""
		}
		text = output.FormatValue(100*x) + "%" + rest
	case unit == "multiplier" || unit == "multiple":
		text = value + "x"
	case unit == "currency a year":
		text = "$" + value + " a year"
	case unit == name:
		return value + " " + unit
	case unit == "" || unit == "power" || unit == "weight" || unit == "unit" || unit == "text" || unit == "0 to 1" ||
		strings.Contains(unit, " or ") || strings.HasPrefix(unit, "same as") || strings.HasSuffix(unit, " name"):
		text = value
	default:
		text = value + " " + unit
	}
	if named {
		return name + " " + text
	}
	return text
}

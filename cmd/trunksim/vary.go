package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim/experiment"
)

// maxVaryPoints bounds one axis of a sweep.
const maxVaryPoints = 101

// parseVary reads a -vary flag, "key=from..to[:step]" (numbers, step defaulting to a
// quarter of the range, so five points, or to 1 for a key that takes
// whole numbers) or "key=a,b,c" (any values).
func parseVary(s string) (experiment.Axis, error) {
	key, spec, ok := strings.Cut(s, "=")
	key = strings.TrimSpace(key)
	if !ok || key == "" || strings.TrimSpace(spec) == "" {
		return experiment.Axis{}, fmt.Errorf("-vary %q: expected key=from..to[:step] or key=a,b,c, such as policy.threshold=4..10:2", s)
	}
	if from, rest, isRange := strings.Cut(spec, ".."); isRange {
		to, stepText, hasStep := strings.Cut(rest, ":")
		a, err1 := strconv.ParseFloat(strings.TrimSpace(from), 64)
		b, err2 := strconv.ParseFloat(strings.TrimSpace(to), 64)
		if err1 != nil || err2 != nil || math.IsNaN(a) || math.IsNaN(b) || math.IsInf(a, 0) || math.IsInf(b, 0) {
			return experiment.Axis{}, fmt.Errorf("-vary %q: from and to must be numbers, as in %s=4..10:2", s, key)
		}
		step := (b - a) / 4
		whole := scenarios.WholeKey(key)
		if whole {
			step = 1
		}
		if hasStep {
			st, err := strconv.ParseFloat(strings.TrimSpace(stepText), 64)
			if err != nil || !(st > 0) || math.IsInf(st, 0) {
				return experiment.Axis{}, fmt.Errorf("-vary %q: step must be a number above 0", s)
			}
			step = st
		}
		if whole && (a != math.Trunc(a) || b != math.Trunc(b) || step != math.Trunc(step)) {
			return experiment.Axis{}, fmt.Errorf("-vary %q: %s takes whole numbers, so from, to and step must be whole numbers", s, key)
		}
		if b < a {
			return experiment.Axis{}, fmt.Errorf("-vary %q: from (%v) must not exceed to (%v)", s, a, b)
		}
		if a == b {
			return experiment.Axis{Key: key, Values: []string{scenarios.FormatNum(a)}}, nil
		}
		n := int(math.Floor((b-a)/step+1e-9)) + 1
		if n > maxVaryPoints {
			return experiment.Axis{}, fmt.Errorf("-vary %q: %d points, at most %d", s, n, maxVaryPoints)
		}
		v := experiment.Axis{Key: key}
		for i := range n {
			v.Values = append(v.Values, scenarios.FormatNum(a+float64(i)*step))
		}
		return v, nil
	}
	v := experiment.Axis{Key: key}
	for _, x := range strings.Split(spec, ",") {
		if x = strings.TrimSpace(x); x != "" {
			v.Values = append(v.Values, x)
		}
	}
	if len(v.Values) > maxVaryPoints {
		return experiment.Axis{}, fmt.Errorf("-vary %q: %d values, at most %d", s, len(v.Values), maxVaryPoints)
	}
	return v, nil
}

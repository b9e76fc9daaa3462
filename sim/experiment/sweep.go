package experiment

import "strings"

// Axis is one swept key and the values it takes, each written as an
// override gives it.
type Axis struct {
	Key    string
	Values []string
}

// Point is one point of a sweep's grid: its index on each axis.
type Point struct {
	At []int
}

// Grid lists every point of one or more axes, the first axis outermost.
func Grid(axes []Axis) []Point {
	pts := []Point{{}}
	for _, a := range axes {
		var next []Point
		for _, p := range pts {
			for i := range a.Values {
				next = append(next, Point{At: append(append([]int(nil), p.At...), i)})
			}
		}
		pts = next
	}
	return pts
}

// Sets is the overrides that make the point, one "key=value" per axis.
func (p Point) Sets(axes []Axis) []string {
	sets := make([]string, len(axes))
	for i, a := range axes {
		sets[i] = a.Key + "=" + a.Values[p.At[i]]
	}
	return sets
}

// Name is the point as a person reads it: its overrides.
func (p Point) Name(axes []Axis) string { return strings.Join(p.Sets(axes), " ") }

// Sweep is the result of a sweep: the axes and, for each grid point in
// Grid's order, its replications.
type Sweep struct {
	Axes    []Axis
	Points  []Point
	Results []Result
}

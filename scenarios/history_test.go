package scenarios_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trunksim/trunksim/internal/simtest"
	"github.com/trunksim/trunksim/output"
	"github.com/trunksim/trunksim/scenarios"
	"github.com/trunksim/trunksim/sim"
)

// historyOrg is the scenario histories are read against: 52 weeks, teams
// core (the trunk, owning compute, storage and ci) and obs (owning
// observability).
func historyOrg() *sim.Config {
	c := simtest.Org(52, 100, 50, 6, 0)
	return &c
}

const head = "week,metric,subject,value\n"

// Each problem of a history is reported at its file, line and column,
// with the series it is about and what was expected.
func TestParseHistoryErrors(t *testing.T) {
	for _, tt := range []struct{ name, src, want string }{
		{"empty", "", "h.csv: no header: expected week,metric,subject,value"},
		{"only comments", "# a comment\n\n", "h.csv: no header: expected week,metric,subject,value"},
		{"no observations", "# x\n" + head, "h.csv: no observations after the header"},
		{"header missing a column", "week,metric,value\n0,quality,0.9\n",
			`h.csv:1:1: expected the header week,metric,subject,value, got "week,metric,value"`},
		{"header in another order", "# made by hand\nmetric,week,subject,value\n",
			`h.csv:2:1: expected the header week,metric,subject,value, got "metric,week,subject,value"`},
		{"too many cells", head + "0,quality,,0.9,1\n", "h.csv:2:1: expected 4 cells (week,metric,subject,value), got 5"},
		{"too few cells", head + "0,quality\n", "h.csv:2:1: expected 4 cells (week,metric,subject,value), got 2"},
		{"bare quote", head + "0,headcount,co\"re,3\n", `h.csv:2:15: syntax error: bare " in non-quoted-field`},
		{"quote never closed", head + "0,headcount,\"core,3\n1,quality,,1\n",
			`h.csv:3:14: syntax error: extraneous or missing " in quoted-field (the row starts at line 2)`},
		{"week not a number", head + "x,quality,,0.9\n",
			`h.csv:2:1: quality: expected a whole number of weeks from 0, the oldest point, to 51, got "x"`},
		{"week negative", head + "-1,quality,,0.9\n",
			`h.csv:2:1: quality: expected a whole number of weeks from 0, the oldest point, to 51, got "-1"`},
		{"week fractional", head + "1.5,quality,,0.9\n",
			`h.csv:2:1: quality: expected a whole number of weeks from 0, the oldest point, to 51, got "1.5"`},
		{"week beyond the horizon", head + "60,quality,,0.9\n", "h.csv:2:1: quality: week 60 is beyond the scenario's 52 weeks (0 to 51)"},
		{"team series of the organization", head + "0,headcount,,3\n",
			`h.csv:2:13: headcount: a team's series; subject "" is the organization; expected a team: core, obs`},
		{"organization series of a team", head + "0,quality,core,0.9\n",
			`h.csv:2:11: quality: the organization's or a domain's series; "core" is a team; expected subject "" for the organization, or a domain: compute, storage, ci, observability`},
		{"area series of a team", head + "0,area_headcount,core,3\n",
			`h.csv:2:18: area_headcount: an area's series; "core" is a team; expected an area: trunk, compute, storage, ci, observability`},
		{"shared name, neither subject", head + "0,pages_per_shift,storage,3\n",
			`h.csv:2:19: pages_per_shift: the organization's or a team's series; "storage" is an area and a domain; expected subject "" for the organization, or a team: core, obs`},
		{"organization's series of no subject", head + "0,usage,x,3\n",
			`h.csv:2:9: usage: the organization's series; expected subject "", got "x"`},
		{"unknown team", head + "0,headcount,cor,3\n",
			`h.csv:2:13: headcount: unknown team "cor", expected a team: core, obs; did you mean "core"?`},
		{"unknown domain", head + "0,backlog_hours,strage,3\n",
			`h.csv:2:17: backlog_hours: unknown domain "strage", expected a domain: compute, storage, ci, observability; did you mean "storage"?`},
		{"control characters", head + "0,headcount,a\x1b[2J,3\n",
			`h.csv:2:13: headcount: unknown team "a\x1b[2J", expected a team: core, obs`},
		{"value not a number", head + "0,quality,,high\n", `h.csv:2:12: quality: expected a number, got "high"`},
		{"value NaN", head + "0,quality,,NaN\n", `h.csv:2:12: quality: expected a finite number, got "NaN"`},
		{"value too large", head + "0,quality,,1e999\n", `h.csv:2:12: quality: expected a finite number, got "1e999"`},
		{"value negative", head + "0,quality,,-0.5\n", "h.csv:2:12: quality: value -0.5 is negative; every series is 0 or more"},
		{"week given twice", head + "3,headcount,core,6\n3,headcount,obs,3\n3,headcount,core,7\n",
			`h.csv:4:1: headcount: week 3 of team "core" is already given at line 2`},
		{"organization's week twice", head + "3,pages_per_shift,,6\n3,pages_per_shift,core,3\n3,pages_per_shift,,7\n",
			"h.csv:4:1: pages_per_shift: week 3 of the organization is already given at line 2"},
		{"columns count characters", head + "0,headcount,é,x\n",
			"h.csv:2:13: headcount: unknown team \"é\", expected a team: core, obs\n" +
				`h.csv:2:15: headcount: expected a number, got "x"`},
		{"every problem of every row", head + "x,quality,,-1\n2,quality,,0.5\n3,area_headcount,,2\n",
			`h.csv:2:1: quality: expected a whole number of weeks from 0, the oldest point, to 51, got "x"` + "\n" +
				"h.csv:2:12: quality: value -1 is negative; every series is 0 or more\n" +
				`h.csv:4:18: area_headcount: an area's series; subject "" is the organization; expected an area: trunk, compute, storage, ci, observability`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scenarios.ParseHistory("h.csv", []byte(tt.src), historyOrg())
			if err == nil || err.Error() != tt.want {
				t.Errorf("got\n%v\nwant\n%s", err, tt.want)
			}
		})
	}
}

// An unknown metric lists every series name and suggests the nearest.
func TestParseHistoryUnknownMetric(t *testing.T) {
	_, err := scenarios.ParseHistory("h.csv", []byte(head+"0,qualty,,0.9\n"), historyOrg())
	msg := fmt.Sprint(err)
	if !strings.HasPrefix(msg, `h.csv:2:3: unknown metric "qualty", expected one of product_engineers, usage, `) ||
		!strings.Contains(msg, ", team_incidents, backlog_weeks, automation; ") || !strings.HasSuffix(msg, `; did you mean "quality"?`) {
		t.Errorf("got %s", msg)
	}
}

// Past 50 problems the list says how many more there are.
func TestParseHistoryManyErrors(t *testing.T) {
	src := head + strings.Repeat("x,quality,,1\n", 60)
	_, err := scenarios.ParseHistory("h.csv", []byte(src), historyOrg())
	list, ok := err.(scenarios.ErrorList)
	if !ok || len(list) != 51 || list[50].Error() != "h.csv: and 10 more" || list[49].Pos.Line != 51 {
		t.Errorf("got %d problems, last %v", len(list), list[len(list)-1])
	}
}

// A history may open with comment lines, hold blank lines, end its lines
// with CRLF and start with a byte order mark; each observation keeps its
// line.
func TestParseHistory(t *testing.T) {
	src := "\uFEFF# measured by hand\r\n" + strings.ReplaceAll(head, "\n", "\r\n") +
		"0,headcount,core,6\r\n\r\n# the rotation\r\n4,pages_per_shift,obs,2.5\r\n10,pages_per_shift,,3\r\n" +
		"12,\"area_headcount\",trunk,5\r\n13,backlog_hours,ci,1e3\r\n"
	got, err := scenarios.ParseHistory("h.csv", []byte(src), historyOrg())
	if err != nil {
		t.Fatal(err)
	}
	want := []sim.Observation{
		{Week: 0, Key: sim.Key{Metric: sim.TeamHeadcount, Subject: "core"}, Value: 6, Line: 3},
		{Week: 4, Key: sim.Key{Metric: sim.TeamPagesPerShift, Subject: "obs"}, Value: 2.5, Line: 6},
		{Week: 10, Key: sim.Key{Metric: sim.PagesPerShift}, Value: 3, Line: 7},
		{Week: 12, Key: sim.Key{Metric: sim.AreaHeadcount, Subject: "trunk"}, Value: 5, Line: 8},
		{Week: 13, Key: sim.Key{Metric: sim.DomainBacklog, Subject: "ci"}, Value: 1000, Line: 9},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

// A run's series written as a history read back as the same values; a
// subject a spreadsheet would take for a formula, written with a leading
// ', reads back without it.
func TestHistoryRoundTrip(t *testing.T) {
	cfg := historyOrg()
	cfg.Teams[1].Name = "=obs"
	p, err := sim.NewPlan(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tr := p.Run(1, 0)
	var keys []sim.Key
	for _, m := range sim.Metrics(sim.OrgScope) {
		keys = append(keys, sim.Key{Metric: m})
	}
	for _, m := range sim.Metrics(sim.TeamScope) {
		for _, team := range cfg.Teams {
			keys = append(keys, sim.Key{Metric: m, Subject: team.Name})
		}
	}
	for _, m := range sim.Metrics(sim.DomainScope) {
		for _, d := range cfg.Domains {
			keys = append(keys, sim.Key{Metric: m, Subject: d.Name})
		}
	}
	keys = append(keys, sim.Key{Metric: sim.AreaHeadcount, Subject: sim.TrunkArea})
	e, err := p.Replicate(context.Background(), sim.Options{Runs: 3, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		write func(*bytes.Buffer) error
		value func(sim.Observation) float64 // what the run had
	}{
		{"a run's series", func(b *bytes.Buffer) error { return output.WriteHistory(b, output.TraceHistory(tr, keys, 4)) },
			func(o sim.Observation) float64 { return tr.Series(o.Key.Metric, o.Key.Subject)[o.Week] }},
		{"medians", func(b *bytes.Buffer) error { return output.WriteHistory(b, output.MedianHistory(e, keys, 4)) },
			func(o sim.Observation) float64 { return e.Stats(o.Key.Metric, o.Key.Subject).Weeks[o.Week].P50 }},
	} {
		var b bytes.Buffer
		if err := tt.write(&b); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), ",'=obs,") {
			t.Errorf("%s: the subject =obs is not written as '=obs", tt.name)
		}
		got, err := scenarios.ParseHistory("h.csv", b.Bytes(), cfg)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if len(got) < 13*len(keys)/2 {
			t.Fatalf("%s: %d observations read back of %d series", tt.name, len(got), len(keys))
		}
		for _, o := range got {
			if want := tt.value(o); math.Float64bits(o.Value) != math.Float64bits(want) || o.Week%4 != 0 {
				t.Fatalf("%s: read %+v, the run had %v", tt.name, o, want)
			}
		}
	}
}

// A history file is read as a scenario file is: a regular file, bounded
// in size, refused with the reason.
func TestLoadHistory(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "h.csv")
	if err := os.WriteFile(good, []byte(head+"0,quality,,0.9\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if obs, err := scenarios.LoadHistory(good, historyOrg()); err != nil || len(obs) != 1 || obs[0].Line != 2 {
		t.Errorf("LoadHistory: %v, %v", obs, err)
	}
	big := filepath.Join(dir, "big.csv")
	f, err := os.Create(big)
	if err == nil {
		err = f.Truncate(scenarios.MaxHistorySize + 1)
		f.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ path, want string }{
		{dir, "history " + dir + ": is a directory, not a history file"},
		{"/dev/zero", "history /dev/zero: not a regular file"},
		{big, big + ": 16,777,217 bytes, more than the 16,777,216 (16 MiB) a history may have"},
		{filepath.Join(dir, "none.csv"), "history " + filepath.Join(dir, "none.csv") + ": no such file or directory"},
	} {
		if _, err := os.Stat(tt.path); tt.path == "/dev/zero" && err != nil {
			continue
		}
		if _, err := scenarios.LoadHistory(tt.path, historyOrg()); err == nil || err.Error() != tt.want {
			t.Errorf("LoadHistory(%q): %v, want %s", tt.path, err, tt.want)
		}
	}
}

// ParseHistory never panics, and what it accepts round-trips through
// output.WriteHistory to the same observations.
func FuzzHistory(f *testing.F) {
	f.Add(head + "0,quality,,0.9\n1,headcount,core,6\n")
	f.Add("# trunksim test\n" + head + "0,pages_per_shift,,2\n0,pages_per_shift,obs,1.5\n3,area_headcount,trunk,4\n")
	f.Add("\uFEFF" + strings.ReplaceAll(head, "\n", "\r\n") + "51,\"backlog\",\"ci\",1e-300\r\n\r\n")
	f.Add(head + "0,headcount,\"co\nre\",3\n")
	f.Add(head + "x,qualty,'=obs,-1\n2,quality,,NaN\n")
	f.Add(head + "0,usage,x,1\n")
	cfg := historyOrg()
	cfg.Teams[1].Name = "=obs"
	f.Fuzz(func(t *testing.T, src string) {
		obs, err := scenarios.ParseHistory("f.csv", []byte(src), cfg)
		if err != nil {
			if err.Error() == "" {
				t.Error("empty error")
			}
			return
		}
		var b bytes.Buffer
		if err := output.WriteHistory(&b, obs); err != nil {
			t.Fatal(err)
		}
		again, err := scenarios.ParseHistory("again.csv", b.Bytes(), cfg)
		if err != nil {
			t.Fatalf("accepted, written as\n%s\nrefused: %v", b.String(), err)
		}
		if len(again) != len(obs) {
			t.Fatalf("%d observations, %d after writing", len(obs), len(again))
		}
		for i, o := range obs {
			a := again[i]
			if a.Week != o.Week || a.Key != o.Key || math.Float64bits(a.Value) != math.Float64bits(o.Value) {
				t.Fatalf("observation %d: %+v, %+v after writing", i, o, a)
			}
		}
	})
}

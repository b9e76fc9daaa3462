package sim

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template"

	"github.com/trunksim/trunksim/internal/golden"
)

// MODEL.md, beside the code it documents, is generated: its prose from
// testdata/MODEL.md.tmpl, its tables from the code (the defaults with
// their sources and ranges, the catalogue of outcomes and series, and the
// checks below), so that it cannot drift from the model. After an intended
// change: go test ./sim -run TestModelDoc -update.

// docChecks are the claims and face-validity checks MODEL.md lists, each
// with the test that shows it: the one place these names are kept. A check
// whose test is not written yet is Planned; TestModelDocNamesTests fails
// for any other name that is not a Test function of the package.
var docChecks = []docCheck{
	{Claim, "Over-centralization: under hypergrowth, never splitting drives on-call load and toil up until investment starves, quality breaks the leadership threshold and morale and retention fall.", "TestClaim1OverCentralization", false},
	{Claim, "Trunk and branches with a 6 to 8 threshold keeps quality above the threshold, keeps the trunk team at about the threshold, and puts most infra engineers in branches as the organization grows.", "TestClaim2TrunkAndBranches", false},
	{Claim, "Fragmentation costs more engineer-hours for the same demand than a shared trunk, because primitives are rebuilt in every group.", "TestClaim3Fragmentation", false},
	{Claim, "Morale too low: neither quality nor investment can be held, because people leave with the context (Corollary One).", "TestClaim4MoraleTooLow", false},
	{Claim, "Budget too high gets compressed (Corollary Two), and the compression hurts.", "TestClaim5BudgetTooHigh", false},
	{Claim, "Investment too low: exponential problems outgrow headcount (Rule Two).", "TestClaim6InvestmentTooLow", false},
	{Claim, "Splitting off the biggest problem beats splitting a random domain, in more than one scenario.", "TestClaim7BiggestProblemFirst", false},
	{Claim, "Branches under 3 engineers cannot sustain on-call.", "TestClaim8SmallBranches", false},
	{Claim, "Trading short-term quality for investment wins in the long run: a lower quality floor early gives higher quality later than all hands on operations.", "TestClaim9QualityForInvestment", false},
	{Claim, "In a company that treats infra as a cost center, the model does not save you (and the same company with a normal cap does better).", "TestClaim10CostCenter", false},
	{Claim, "Trunk too small: where the trunk's commodity domains keep growing with the company, capping the trunk too low or splitting everything away leaves it unable to keep basic quality.", "TestClaim11TrunkTooSmall", false},

	{Face, "Slowing the whole company's growth never makes things worse under any policy.", "TestFaceSlowerGrowthNeverWorse", false},
	{Face, "An organization that does not grow, and is staffed for its work, is stable: no interventions to speak of, morale steady, no churn through its own staff.", "TestFaceStableOrgIsStable", false},
	{Face, "A trunk whose commodity domains are collapsing is seen by leadership, even when branches are healthy.", "TestFaceCollapsingTrunkSeen", false},
	{Face, "Service quality at its best does not mean half the organization is idle: the budget follows need.", "TestFaceBestQualityNotIdle", false},
	{Face, "A company freeze or layoff reaches infra.", "TestFaceFreezeAndLayoffReachInfra", false},
	{Face, "uber-hypergrowth starts where seed 001 starts: an operations team of about 5 on call for the whole company with hundreds of alerts in most 12-hour shifts; left centralized, those alerts grow with the company.", "TestFaceUberWeekZero", false},
	{Face, "A funded, moderately growing company does not fail in its first quarter under any policy that staffs its teams.", "TestFaceNoFirstQuarterFailure", false},
	{Face, "No policy ever produces a branch smaller than the minimum branch size.", "TestFaceNoBranchBelowMinimum", false},
	{Face, "Changing any single input by 10% does not flip a headline verdict, unless the tool itself reports that input as a tipping point.", "TestFaceTenPercentNoFlip", false},
}

// docCheck is one claim or face-validity check and its test.
type docCheck struct {
	Kind    checkKind
	Says    string
	Test    string
	Planned bool // the test is still to be written
}

type checkKind int

const (
	Claim checkKind = iota
	Face
)

func TestModelDoc(t *testing.T) {
	golden.Check(t, "MODEL.md", renderModelDoc(t))
	if t.Failed() {
		t.Log("edit sim/testdata/MODEL.md.tmpl or the code, not MODEL.md; then: go test ./sim -run TestModelDoc -update")
	}
}

// TestModelDocNamesTests fails if MODEL.md names a test that is not a Test
// function of the package, but for the checks marked planned.
func TestModelDocNamesTests(t *testing.T) {
	have := testFuncs(t)
	planned := map[string]bool{}
	for _, c := range docChecks {
		switch {
		case !c.Planned && !have[c.Test]:
			t.Errorf("%s shows %q, but no such test exists; write it or mark it planned in docChecks", c.Test, c.Says)
		case c.Planned && have[c.Test]:
			t.Logf("%s now exists: mark it present in docChecks and run go test ./sim -run TestModelDoc -update", c.Test)
		case c.Planned:
			planned[c.Test] = true
			t.Logf("%s is planned: MODEL.md says so, and it is not checked", c.Test)
		}
	}
	doc := renderModelDoc(t)
	for _, name := range slices.Compact(slices.Sorted(slices.Values(testName.FindAllString(string(doc), -1)))) {
		if !have[name] && !planned[name] {
			t.Errorf("MODEL.md names %s, which is not a Test function of package sim", name)
		}
	}
}

var testName = regexp.MustCompile(`\bTest[A-Z0-9_]\w*`)

// testFuncs lists the Test functions of the package's test files, internal
// and external.
func testFuncs(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, name := range files {
		f := parseGo(t, name)
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && strings.HasPrefix(fd.Name.Name, "Test") {
				have[fd.Name.Name] = true
			}
		}
	}
	return have
}

func parseGo(t *testing.T, name string) *ast.File {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// modelDoc is what the template fills MODEL.md from.
type modelDoc struct {
	C                   Config // Defaults()
	Dom                 Domain // DefaultDomain()
	Constants           []constRow
	Units               []constDoc
	Outcomes            []outcomeRow
	Series              []seriesRow
	Claims, Faces       []docCheck
	Names               map[string][]string
	WarmWeeks           int
	RebalanceWeeks      int
	MaxGroups, MaxWeeks int
	MaxEngineers        int
}

// constRow is one default: its Go path, value, and source or range.
type constRow struct{ Path, Value, Basis string }

type outcomeRow struct {
	Ident string
	OutcomeInfo
	UnitName, Better string
}

type seriesRow struct {
	Ident string
	MetricInfo
	ScopeName string
}

// constDoc is one constant of a Go const block, with its comment.
type constDoc struct{ Name, Comment string }

func renderModelDoc(t *testing.T) []byte {
	t.Helper()
	src, err := os.ReadFile("testdata/MODEL.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := template.New("MODEL.md").Option("missingkey=error").Funcs(template.FuncMap{
		"num":  formatNumber,
		"join": strings.Join,
		"inc":  func(i int) int { return i + 1 },
	}).Parse(string(src))
	if err != nil {
		t.Fatal(err)
	}
	d := modelDoc{
		C: Defaults(), Dom: DefaultDomain(), Names: Names,
		WarmWeeks: warmWeeks, RebalanceWeeks: rebalanceWeeks, MaxGroups: MaxGroups, MaxWeeks: MaxWeeks, MaxEngineers: MaxEngineers,
	}
	d.Constants = constantRows()
	for _, c := range docChecks {
		if c.Kind == Claim {
			d.Claims = append(d.Claims, c)
		} else {
			d.Faces = append(d.Faces, c)
		}
	}
	cat := parseGo(t, "catalogue.go")
	units := constBlock(t, cat, "Unit")
	for i := range units {
		units[i].Name = Unit(i).String() // as data files name it
	}
	d.Units = units
	name := func(docs []constDoc, i int, kind string) string {
		if i < 0 || i >= len(docs) {
			t.Fatalf("%s %d is not in catalogue.go's const block", kind, i)
		}
		return docs[i].Name
	}
	outcomes := constBlock(t, cat, "Outcome")
	for _, o := range Outcomes() {
		info := o.Info()
		better := "lower"
		if info.Higher {
			better = "higher"
		}
		d.Outcomes = append(d.Outcomes, outcomeRow{name(outcomes, int(o), "outcome"), info, name(units, int(info.Unit), "unit"), better})
	}
	metrics, scopes := constBlock(t, cat, "Metric"), constBlock(t, cat, "Scope")
	for m := range Metric(NumMetrics) {
		info := m.Info()
		name(scopes, int(info.Scope), "scope") // the scope is declared
		d.Series = append(d.Series, seriesRow{name(metrics, int(m), "metric"), info, info.Scope.String()})
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// constBlock lists, in order, the constants of the iota block of type typ
// in f, less the count that ends it (NumX), with each one's comment.
func constBlock(t *testing.T, f *ast.File, typ string) []constDoc {
	t.Helper()
	for _, decl := range f.Decls {
		g, ok := decl.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST || len(g.Specs) == 0 {
			continue
		}
		if id, ok := g.Specs[0].(*ast.ValueSpec).Type.(*ast.Ident); !ok || id.Name != typ {
			continue
		}
		var out []constDoc
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			n := vs.Names[0].Name
			if strings.HasPrefix(n, "Num") {
				continue
			}
			out = append(out, constDoc{n, strings.TrimSpace(vs.Comment.Text())})
		}
		return out
	}
	t.Fatalf("catalogue.go has no const block of type %s", typ)
	return nil
}

// constantRows is one row per field of the defaults and the default
// domain, with its public source or its range.
func constantRows() []constRow {
	ranged := map[string]Assumption{}
	for _, a := range Assumptions {
		ranged[a.Field] = a
	}
	choice := map[string]string{"Policy.Name": "policy", "Policy.Choose": "choose", "Allocation.Rule": "allocation", "Domain.Driver": "driver"}
	var rows []constRow
	add := func(path string, v reflect.Value) {
		if strings.HasPrefix(path, "Observed.") {
			return // what the leader measures, not a constant of the model
		}
		basis := "**neither sourced nor ranged**"
		a, isRanged := ranged[path]
		src, sourced := Sources[path]
		switch {
		case sourced:
			basis = "source: " + src
		case isRanged:
			basis = fmt.Sprintf("assumption, %s to %s: %s", formatNumber(a.Low), formatNumber(a.High), a.Why)
		case scenarioInput(path):
			basis = "scenario input: the company's own curve"
		case choice[path] != "":
			basis = "choice: one of " + strings.Join(Names[choice[path]], ", ")
		case v.Kind() == reflect.Bool:
			basis = "choice: true or false"
		case v.Kind() == reflect.String:
			basis = "scenario input"
		}
		rows = append(rows, constRow{path, formatValue(v), basis})
	}
	walkLeaves(reflect.ValueOf(Defaults()), "", add)
	walkLeaves(reflect.ValueOf(DefaultDomain()), "Domain", add)
	return rows
}

func formatValue(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Float64:
		return formatNumber(v.Float())
	case reflect.String:
		if v.String() == "" {
			return ""
		}
		return "`" + v.String() + "`"
	}
	return fmt.Sprint(v.Interface())
}

// formatNumber writes x to four significant figures, without an exponent.
func formatNumber(x float64) string {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 4, 64), 64)
	return strconv.FormatFloat(r, 'f', -1, 64)
}

package output

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/trunksim/trunksim/scenarios"
)

// Every scenario's configuration, with its inputs not observed (NaN), its
// plan and its distributions, reads back from results.json as it was:
// written again, the same bytes, and NaN still NaN.
func TestConfigRoundTrip(t *testing.T) {
	refs := []string{"../examples/uber-plan.toml", "../examples/acme.toml"}
	for _, b := range scenarios.Builtins() {
		refs = append(refs, b.Name)
	}
	for _, ref := range refs {
		s, err := scenarios.Load(ref, `people.attrition_pct={ dist = "triangular", low = 10, mode = 15, high = 30 }`)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(plainConfig{&s.Config})
		if err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		var back plainConfig
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		again, _ := json.Marshal(back)
		if string(again) != string(b) {
			t.Errorf("%s: the configuration reads back otherwise:\n%s\n%s", ref, b, again)
		}
		if !math.IsNaN(back.Observed.InfraEngineers) && math.IsNaN(s.Config.Observed.InfraEngineers) {
			t.Errorf("%s: an input not observed reads back as %v", ref, back.Observed.InfraEngineers)
		}
		if len(back.Uncertain) != len(s.Config.Uncertain) || len(back.Plan) != len(s.Config.Plan) {
			t.Errorf("%s: distributions or plan lost", ref)
		}
	}
	var c plainConfig
	for _, bad := range []string{`{"Weeks": 3}`, `{"Nonsense": 1}`} {
		if err := json.Unmarshal([]byte(bad), &c); err == nil {
			t.Errorf("%s read as a configuration", bad)
		}
	}
}

// Numbers are written in the fewest digits that read back to the same
// float64; NaN is null and the infinities are strings.
func TestExactFloats(t *testing.T) {
	xs := exactFloats{0.1, 1.0 / 3, math.Copysign(0, -1), 5e-324, math.MaxFloat64, 1e21, math.NaN(), math.Inf(1), math.Inf(-1)}
	b, err := json.Marshal(xs)
	if err != nil {
		t.Fatal(err)
	}
	if want := `[0.1,0.3333333333333333,-0,5e-324,1.7976931348623157e+308,1e+21,null,"+Inf","-Inf"]`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
	var back exactFloats
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	for i, x := range xs {
		if math.Float64bits(back[i]) != math.Float64bits(x) && !(math.IsNaN(x) && math.IsNaN(back[i])) {
			t.Errorf("%v read back as %v", x, back[i])
		}
	}
}

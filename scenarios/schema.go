package scenarios

import (
	"fmt"
	"io"
	"reflect"
	"strings"

	"github.com/trunksim/trunksim/sim"
)

// keyDoc is what the schema says of one key: its unit and meaning.
type keyDoc struct{ unit, doc string }

// growthDocs describe the keys of every growth table.
var growthDocs = map[string]keyDoc{
	"start":      {"same as the quantity", "value at week 0"},
	"model":      {"exponential, logistic, phases or engineers", "shape of the curve; usage defaults to engineers: it follows the product engineers' curve unless the scenario gives it its own"},
	"annual_pct": {"percent a year", "growth rate: 400 multiplies by 5 in a year, 30 by 1.3, -20 shrinks by a fifth; for logistic, the rate at the start"},
	"cap":        {"same as start", "logistic ceiling"},
	"phases":     {"array of tables", "for model = \"phases\": stretches of weeks, each with annual_pct and a one-off step_pct at its start (a freeze is annual_pct = 0, a layoff a negative step_pct)"},

	"phases[].weeks":      {"weeks", "length of the phase; the value after the last phase holds"},
	"phases[].annual_pct": {"percent a year", "growth during the phase"},
	"phases[].step_pct":   {"percent", "one-off change at the phase's start"},
}

// docs describes every scenario key, by path with [] for any array index.
// A test checks that every field of the model is here, so the schema
// cannot drift from the code.
var docs = map[string]keyDoc{
	"name":        {"text", "scenario name shown in outputs"},
	"description": {"text", "one line shown by trunksim scenarios"},
	"variants":    {"array of tables", "named sets of overrides for experiments: name = \"...\" and a [variants.set] table of key = value"},
	"weeks":       {"weeks", "horizon; a week is one tick"},

	"company.group_size": {"product engineers", "size of a product group; the fragmented policy gives each group its own infra team"},

	"domains[].name":           {"text", "domain name, unique"},
	"domains[].driver":         {"engineers, usage, services or new_services", "what makes the domain's work grow"},
	"domains[].exponent":       {"power", "demand grows as driver^exponent; above 1 is an exponential problem"},
	"domains[].base_hours":     {"hours a week", "work the domain asks for at week 0, before automation"},
	"domains[].fixed_hours":    {"hours a week", "work of keeping one copy running whatever its scale; paid once per product group when fragmented"},
	"domains[].automation":     {"share, 0 to max_automation", "share of demand handled by tooling at week 0"},
	"domains[].max_automation": {"share, 0 to 0.99", "ceiling of automation"},
	"domains[].effort_weeks":   {"weeks of demand", "investment equal to this many weeks of the domain's demand closes 63% of the gap to max_automation"},
	"domains[].erosion_at_3x":  {"share", "automation lost each time the driver triples: a solution sized for today breaks at 3x"},
	"domains[].decay_pct":      {"percent a year", "automation lost each year even without growth, as dependencies and systems change"},
	"domains[].fire_factor":    {"multiplier", "incident rate multiplier: a recurring fire"},
	"domains[].alert_factor":   {"multiplier", "paging rate multiplier: noisy alerting"},
	"domains[].commodity":      {"true or false", "commodity work the trunk keeps under trunk-and-branches"},

	"teams[].name":      {"text", "team name, unique"},
	"teams[].engineers": {"engineers", "headcount at week 0"},
	"teams[].domains":   {"list of domain names", "domains the team owns; each domain has exactly one owner"},
	"teams[].trunk":     {"true or false", "exactly one team is the trunk"},

	"people.hours_per_week":     {"hours", "working hours of one engineer"},
	"people.ramp_weeks":         {"weeks", "time for a new hire to reach full output"},
	"people.ramp_start":         {"share", "a new hire's output in week one"},
	"people.mentor_share":       {"share of a week", "mentoring each ramping hire costs the team"},
	"people.time_to_fill_weeks": {"weeks", "mean time to fill an open position (gamma distributed)"},
	"people.notice_weeks":       {"weeks", "notice a leaver works before going"},
	"people.attrition_pct":      {"percent a year", "attrition at the reference morale"},
	"people.morale_reference":   {"0 to 1", "morale at which attrition is attrition_pct"},
	"people.morale_attrition":   {"per unit of morale", "attrition multiplies by exp(this x (reference - morale))"},
	"people.context_loss_weeks": {"weeks", "how long a leaver's context takes to rebuild"},
	"people.context_loss_share": {"share of a head", "output the team loses meanwhile, per leaver"},
	"people.span":               {"engineers", "engineers one manager supports; a larger team works as sub-teams of at most this"},
	"people.interface_cost":     {"share of output", "lost between sub-teams: output x (1 - cost x (1 - 1/sub-teams)), bounded however large the team"},
	"people.max_ramping_share":  {"share of a team", "a team whose ramping hires reach this share takes no more new hires"},
	"people.switch_cost":        {"share per domain", "output divides by 1 + cost x (domains owned - 1)"},
	"people.start_morale":       {"0 to 1", "morale before the warm start settles it"},
	"people.morale_base":        {"0 to 1", "morale of a team with no pressure and no investment"},
	"people.morale_tau_weeks":   {"weeks", "time constant of morale's drift toward its target"},
	"people.morale_pages":       {"weight", "morale lost to off-hours pages per person above pages_healthy, in full at pages_burnout"},
	"people.pages_healthy":      {"pages per person a month", "off-hours interruptions a month that weigh nothing on morale"},
	"people.pages_burnout":      {"pages per person a month", "off-hours interruptions a month at which on-call weighs its whole weight"},
	"people.off_hours_share":    {"share", "share of pages that come outside working hours"},
	"people.morale_toil":        {"weight", "morale lost to toil above toil_limit"},
	"people.morale_invest":      {"weight", "morale gained per share of time on investment"},
	"people.morale_on_call":     {"weight", "morale lost to being on call more often than a comfortable rotation"},
	"people.morale_reorg":       {"weight", "morale lost during a reorganisation"},
	"people.toil_limit":         {"share", "toil share above which morale suffers"},
	"people.rotation_comfort":   {"engineers", "rotation size at which on-call weighs nothing; each week needs a primary and a secondary"},
	"people.reorg_weeks":        {"weeks", "how long a split disrupts both teams"},
	"people.reorg_disruption":   {"share", "output lost during that time"},

	"on_call.shifts_per_week":        {"shifts", "on-call shifts a week (14: twelve hours, around the clock)"},
	"on_call.shift_hours":            {"hours per shift", "interrupt work the people on call (primary and secondary) can give a shift; beyond it pages escalate"},
	"on_call.escalation_cost":        {"hours per hour", "team hours an escalated interrupt costs per hour of it"},
	"on_call.refocus_hours":          {"hours per interruption", "investment time an escalated interruption destroys for the engineer it reaches"},
	"on_call.degraded_factor":        {"multiple", "a domain whose quality has collapsed fires and pages 1 + this times as often as a healthy one"},
	"on_call.pages_per_toil_hour":    {"pages", "pages per hour of unautomated work"},
	"on_call.incidents_per_100_toil": {"incidents", "incidents per 100 hours of unautomated work"},
	"on_call.hours_per_page":         {"hours", "time to acknowledge and triage a page"},
	"on_call.hours_per_incident":     {"hours", "time an incident takes, postmortem included"},
	"on_call.backlog_expiry_pct":     {"percent a week", "share of the backlog dropped each week"},
	"on_call.quality_backlog_weeks":  {"weeks of toil", "backlog that cuts a domain's quality to 1/e (0.37)"},
	"on_call.backlog_paydown_pct":    {"percent a week", "share of the backlog full service pays down each week"},

	"budget.review_weeks":      {"weeks", "time between budget reviews"},
	"budget.lead_weeks":        {"weeks", "how far ahead a review projects the work it asks headcount for"},
	"budget.cap_pct":           {"percent of product engineers", "most leadership tolerates"},
	"budget.compression_pct":   {"percent", "an ask over the cap is approved at the cap less this"},
	"budget.freeze_weeks":      {"weeks", "hiring freeze after a compression"},
	"budget.cost_per_engineer": {"currency a year", "fully loaded cost of one infra engineer"},
	"budget.allow_layoffs":     {"true or false", "whether a compression below headcount lays people off"},

	"leadership.quality_threshold": {"0 to 1", "Rule One: quality under this for patience_weeks ends in an intervention"},
	"leadership.patience_weeks":    {"weeks", "consecutive weeks under the threshold leadership tolerates"},
	"leadership.firefight_weeks":   {"weeks", "after an intervention every team works operations first and invests nothing for this long"},
	"leadership.recovery_weeks":    {"weeks", "the final stretch over which quality must be back above the threshold for a run to count as recovered"},

	"product.loss_at_zero":         {"share of product time", "product engineers' time lost when infra's perceived quality is 0, falling linearly to 0 at quality 1"},
	"product.primitive_dependence": {"share", "how much a branch's effectiveness and service rest on the commodity primitives' quality"},

	"allocation.rule":          {"bounded-floor or ops-first", "how a team splits its week between operations and investment"},
	"allocation.quality_floor": {"0 to 1", "bounded-floor holds each domain's quality at least here"},
	"allocation.reserve_pct":   {"percent of capacity", "bounded-floor's investment reserve, kept even when quality dips"},
	"allocation.invest_cap":    {"multiple", "useful investment a week, as a multiple of the toil automation could still remove"},

	"policy.name":           {"trunk-and-branches, trunk-share, centralized, fragmented or plan", "the org policy; plan reorganises only as the [[plan]] tables say"},
	"policy.threshold":      {"engineers", "trunk-and-branches splits when the trunk grows beyond this"},
	"policy.branch_min":     {"engineers", "smallest branch a split creates"},
	"policy.choose":         {"biggest-problem, largest-toil, most-incidents, fastest-growing or random", "which domain a split takes"},
	"policy.share_pct":      {"percent of infra", "trunk-share's target trunk share"},
	"policy.share_band":     {"percentage points", "trunk-share hires into the trunk below share - band and splits above share + band"},
	"policy.subdivide":      {"true or false", "whether branches subdivide"},
	"policy.subdivide_at":   {"engineers", "a branch larger than this subdivides"},
	"policy.split_delay":    {"weeks", "from the decision to split to the new team"},
	"policy.split_cooldown": {"weeks", "least time between two splits of one team"},
	"policy.split_spacing":  {"weeks", "least time between any two splits in the organization"},
	"policy.trunk_cap":      {"engineers", "trunk-and-branches: the most engineers the trunk takes whatever its need (0: no cap)"},
	"policy.up_front":       {"true or false", "split every domain the trunk may lose at week 0"},

	"plan[].at_week":    {"week", "when: the start of this week, 0 the first; give at_week or at_quarter"},
	"plan[].at_quarter": {"quarter, from 1", "when: the start of quarter q, week 13 x (q - 1)"},
	"plan[].action":     {"split, merge, headcount or freeze", "what the plan does then"},
	"plan[].team":       {"team name", "split: the team a domain leaves; merge: the team merged away; headcount: the team whose approved headcount changes"},
	"plan[].domain":     {"domain name", "split: the domain that leaves with the new branch"},
	"plan[].into":       {"team name", "merge: the team that takes the merged team's engineers and domains"},
	"plan[].engineers":  {"engineers", "split: how many move to the new branch, at least branch_min; headcount: the change in the team's approved headcount, negative to lower it"},
	"plan[].weeks":      {"weeks", "freeze: how long no requisition opens"},
	"plan[].name":       {"text", "split: the new branch's name (default: its domain's)"},

	"observed.infra_engineers":            {"engineers", "infra's headcount today, for `calibrate`: must agree with the teams"},
	"observed.budget_share_pct":           {"percent of product engineers", "the infra headcount leadership approves today, open roles included; `calibrate` fits allocation.reserve_pct, the investment reserve asks carry on top of the work, to it"},
	"observed.attrition_pct":              {"percent a year", "infra engineers who left over the last year; `calibrate` fits people.morale_base to it"},
	"observed.teams[].name":               {"text", "a team of the scenario"},
	"observed.teams[].pages_per_shift":    {"pages", "pages the team's rotation gets per on-call shift; `calibrate` fits the alert_factor of the team's domains to it"},
	"observed.teams[].pages_per_week":     {"pages", "or pages per week (give one of the two)"},
	"observed.teams[].ops_share":          {"share, 0 to 1", "share of the team's time on operations and interrupts (a survey figure); `calibrate` fits the base_hours of the team's domains to it"},
	"observed.teams[].incidents_per_week": {"incidents", "incidents in the team's domains; `calibrate` fits their fire_factor to it"},
	"observed.teams[].backlog_weeks":      {"weeks", "the team's operational backlog in weeks of its unautomated work (or its tickets' age); `calibrate` fits on_call.quality_backlog_weeks, how much backlog it takes to hurt quality (teams carry backlog up to the quality floor before they stop investing), to every team's figure"},
}

// Key is one documented scenario key.
type Key struct {
	Path, Unit, Default, Doc string
	// Basis is where the default comes from: a public source, or the
	// range of an assumption (sim.Sources and sim.Assumptions).
	Basis string
}

// Schema lists every scenario key with its unit, default and meaning, in
// the order of the model's fields.
func Schema() []Key {
	var out []Key
	for _, k := range []string{"name", "description", "weeks"} {
		out = append(out, Key{Path: k, Unit: docs[k].unit, Doc: docs[k].doc})
	}
	def := sim.Defaults()
	out[2].Default = fmt.Sprint(def.Weeks)
	walk(reflect.ValueOf(def), "", "", &out)
	out = append(out, Key{Path: "variants", Unit: docs["variants"].unit, Doc: docs["variants"].doc})
	return out
}

func walk(v reflect.Value, prefix, goPrefix string, out *[]Key) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !isKey(f) {
			continue
		}
		path := join(prefix, keyName(f.Name))
		goPath := f.Name
		if goPrefix != "" {
			goPath = goPrefix + "." + f.Name
		}
		if path == "weeks" {
			continue
		}
		fv := v.Field(i)
		switch {
		case f.Type == reflect.TypeOf(sim.Growth{}):
			for _, g := range []string{"start", "model", "annual_pct", "cap", "phases", "phases[].weeks", "phases[].annual_pct", "phases[].step_pct"} {
				d := growthDocs[g]
				def := ""
				if !strings.HasPrefix(g, "phases") {
					def = fmt.Sprint(fv.FieldByName(fieldName(reflect.TypeOf(sim.Growth{}), g)).Interface())
				}
				*out = append(*out, Key{Path: path + "." + g, Unit: d.unit, Default: def, Doc: d.doc, Basis: basis(goPath + "." + fieldName(reflect.TypeOf(sim.Growth{}), g))})
			}
		case f.Type.Kind() == reflect.Struct:
			walk(fv, path, goPath, out)
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
			walk(element(f.Type.Elem()), path+"[]", f.Type.Elem().Name(), out)
		default:
			d := docs[path]
			def := fmt.Sprint(fv.Interface())
			switch {
			case fv.Kind() == reflect.String && def == "" || fv.Kind() == reflect.Slice:
				def = ""
			case fv.Kind() == reflect.Float64 && !sim.Given(fv.Float()):
				def = "not observed"
			}
			*out = append(*out, Key{Path: path, Unit: d.unit, Default: def, Doc: d.doc, Basis: basis(goPath)})
		}
	}
}

func fieldName(t reflect.Type, key string) string {
	for i := range t.NumField() {
		if isKey(t.Field(i)) && keyName(t.Field(i).Name) == key {
			return t.Field(i).Name
		}
	}
	return ""
}

// WriteSchema writes the schema as a Markdown document.
func WriteSchema(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# Scenario schema\n\n")
	b.WriteString("Every key a trunksim scenario may set, with its unit and default. A scenario\n")
	b.WriteString("is decoded over these defaults; unknown keys are errors. Growth rates are\n")
	b.WriteString("percentages per year: `annual_pct = 400` multiplies a quantity by 5 in a\n")
	b.WriteString("year. Any key can be overridden on the command line with\n")
	b.WriteString("`-set key=value`; array elements by index or name, as in\n")
	b.WriteString("`-set domains.storage.base_hours=90`. This file is generated by\n")
	b.WriteString("`go test ./scenarios -update`.\n\n")
	b.WriteString("The basis of a default is its public source, or, for an assumption, the\n")
	b.WriteString("plausible range over which `trunksim robustness` checks that a verdict\n")
	b.WriteString("holds. For a domain key, a scenario's own figure is moved by the same ratio.\n\n")
	b.WriteString("| key | unit | default | meaning | basis |\n|---|---|---|---|---|\n")
	for _, k := range Schema() {
		basis := k.Basis
		switch {
		case basis != "":
		case strings.HasPrefix(k.Path, "plan[]"):
			basis = "your own plan"
		case strings.HasPrefix(k.Path, "company.") || strings.HasPrefix(k.Path, "teams") || strings.HasPrefix(k.Path, "domains[].name") ||
			strings.HasPrefix(k.Path, "domains[].driver") || strings.HasPrefix(k.Path, "domains[].commodity") || k.Path == "name" || k.Path == "description":
			basis = "your organization's own figure"
		case strings.Contains(k.Unit, " or "):
			basis = "a choice the scenario makes"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", k.Path, k.Unit, k.Default, k.Doc, basis)
	}
	b.WriteString(variantsDoc)
	b.WriteString(planDoc)
	b.WriteString(distributionsDoc)
	b.WriteString(observedDoc)
	_, err := io.WriteString(w, b.String())
	return err
}

const variantsDoc = `
## Variants

A scenario may propose variants for ` + "`trunksim compare`" + ` and ` + "`report`" + `. Each
` + "`[[variants]]`" + ` table has a unique ` + "`name`" + ` and a ` + "`set`" + ` table of overrides. The
keys inside ` + "`set`" + ` are scenario keys as ` + "`-set`" + ` names them, written as quoted
dotted keys:

` + "```toml" + `
[[variants]]
name = "split at 6"
[variants.set]
"policy.threshold" = 6
"domains.storage.base_hours" = 90
` + "```" + `

Unquoted, ` + "`policy.threshold = 6`" + ` is a table ` + "`policy`" + ` holding ` + "`threshold`" + `, which
sets the same key. ` + "`set`" + ` must be a table: ` + "`set = \"policy.threshold=6\"`" + ` is an error.
` + "`trunksim validate`" + ` checks every variant over the scenario, as ` + "`compare`" + ` runs it,
and reports a problem at the line of the key that caused it.
`

const planDoc = `
## Your own plan

A leader usually has a reorganisation in mind. Each ` + "`[[plan]]`" + ` table is one planned
action at the start of a week (` + "`at_week`" + `) or a quarter (` + "`at_quarter`" + `, quarter q
starting at week 13 x (q - 1)); actions in the same week run in the order
listed:

` + "```toml" + `
[policy]
name = "plan"              # only the plan reorganises; another policy runs it on top of its own rules

[[plan]]                   # split a domain off a team, with engineers for the new branch
at_quarter = 3
action = "split"
team = "platform"
domain = "data-pipelines"
engineers = 4
name = "data"              # optional: the domain's name by default

[[plan]]                   # add heads to a team's approved headcount (negative removes them)
at_quarter = 4
action = "headcount"
team = "platform"
engineers = 4

[[plan]]                   # merge a team into another
at_week = 100
action = "merge"
team = "data"
into = "platform"

[[plan]]                   # freeze hiring
at_week = 120
action = "freeze"
weeks = 13
` + "```" + `

` + "`validate`" + ` plays the plan in order and reports at its line what can be known before
a run: an unknown team (a starting team, or one an earlier planned split makes)
or domain, a domain the team does not own by then, a split smaller than
` + "`policy.branch_min`" + ` or too large for its team (at week 0, its team's size; later, the
most infra can have by then under ` + "`budget.cap_pct`" + `), a week beyond the horizon, a
merge of a team with itself. What depends on the run is logged in ` + "`events.csv`" + `
as a refusal with its reason, and the run carries on: the team has shrunk below
the split's size by then, or the automatic rule split the domain off first.
Carried-out actions are logged too, with the kind ` + "`plan`" + `, beside the automatic
splits. To compare a plan with the automatic rule alone on common random
numbers, give the automatic variant ` + "`plan = []`" + `:

` + "```toml" + `
[[variants]]
name = "trunk-and-branches"
[variants.set]
"policy.name" = "trunk-and-branches"
"plan" = []
` + "```" + `
`

const distributionsDoc = `
## Inputs you are not sure of

Any number except ` + "`weeks`" + ` may be given as a distribution instead, in the file or
in a ` + "`-set`" + `:

` + "```toml" + `
[company.engineers]
annual_pct = { dist = "triangular", low = 20, mode = 30, high = 60 }

[people]
hours_per_week = { dist = "uniform", low = 36, high = 44 }
attrition_pct = { dist = "lognormal", median = 13, p90 = 20 }
` + "```" + `

Each run draws its own value of every such input, between the
distribution's 0.5th and 99.5th percentiles, so the bands of every outcome
include how unsure the inputs are. Run i draws from a stream seeded by the
seed and i alone, so every variant of a ` + "`compare`" + ` draws the same values in run i
and common random numbers still hold. ` + "`validate`" + ` checks the key at both ends of
its draws; ` + "`summary.json`" + ` and ` + "`comparison.json`" + ` list the distributions. A
whole-number key takes its draws rounded.
`

const observedDoc = `
## What you observe today, and your history

An ` + "`[observed]`" + ` table holds the figures you measure now (the ` + "`observed.*`" + ` keys
above). The model never reads them; ` + "`trunksim calibrate`" + ` fits the inputs nobody
measures to them over the simulated first quarter, with the teams held as
they are, and writes the scenario back with each derived value commented:

` + "```toml" + `
[observed]
budget_share_pct = 5
attrition_pct = 18

[[observed.teams]]
name = "platform"
pages_per_week = 30
ops_share = 0.55
` + "```" + `

A history for ` + "`calibrate -history FILE`" + ` is a CSV with the header
` + "`week,metric,subject,value`" + `: a metric of ` + "`timeseries.csv`" + `, its subject (a starting
team, a domain, ` + "`trunk`" + `, or empty for the organization), week 0 the oldest
point and the scenario's start. Missing weeks and metrics are fine; each
error names the file, line and column.
`

// basis is where the default at a Go field path comes from.
func basis(goPath string) string {
	for _, a := range sim.Assumptions {
		if a.Field == goPath {
			return fmt.Sprintf("assumption, %g to %g: %s", a.Low, a.High, a.Why)
		}
	}
	if src, ok := sim.Sources[goPath]; ok {
		return "source: " + src
	}
	if strings.HasPrefix(goPath, "Observed.") || strings.HasPrefix(goPath, "ObservedTeam.") {
		return "your measurement"
	}
	return ""
}

package scenarios

import "strings"

// names say in a few words what a key is, for a chart's axis; a key of
// every domain or team takes the domain's or team's name at %s. A key not
// named here keeps its path on a chart.
var names = map[string]string{
	"weeks": "horizon",

	"company.engineers.start":                  "product engineers at the start",
	"company.engineers.annual_pct":             "company growth",
	"company.engineers.cap":                    "product engineers' ceiling",
	"company.usage.annual_pct":                 "usage growth",
	"company.services_per_engineer.annual_pct": "growth of services per engineer",
	"company.group_size":                       "product group size",

	"domains[].exponent":       "%s: how fast its work outgrows its driver",
	"domains[].base_hours":     "%s: work at the start",
	"domains[].fixed_hours":    "%s: fixed work of one copy",
	"domains[].automation":     "%s: automation at the start",
	"domains[].max_automation": "%s: automation's ceiling",
	"domains[].effort_weeks":   "%s: effort to automate",
	"domains[].erosion_at_3x":  "%s: automation lost at 3x scale",
	"domains[].decay_pct":      "%s: automation's decay",
	"domains[].fire_factor":    "%s: incident rate multiplier",
	"domains[].alert_factor":   "%s: paging rate multiplier",
	"teams[].engineers":        "%s: headcount at the start",

	"people.hours_per_week":     "working hours",
	"people.ramp_weeks":         "time to full output",
	"people.ramp_start":         "a new hire's first-week output",
	"people.mentor_share":       "mentoring cost per hire",
	"people.time_to_fill_weeks": "time to fill a position",
	"people.notice_weeks":       "notice period",
	"people.attrition_pct":      "attrition",
	"people.morale_reference":   "morale at the base attrition",
	"people.morale_attrition":   "attrition's sensitivity to morale",
	"people.context_loss_weeks": "time to rebuild a leaver's context",
	"people.span":               "manager's span",
	"people.interface_cost":     "cost between sub-teams",
	"people.switch_cost":        "cost of owning another domain",
	"people.morale_base":        "morale with no pressure",
	"people.morale_pages":       "morale's weight of off-hours pages",
	"people.morale_toil":        "morale's weight of toil",
	"people.morale_invest":      "morale's gain from investment",
	"people.morale_on_call":     "morale's weight of on-call",
	"people.morale_reorg":       "morale lost to a reorganisation",

	"on_call.shift_hours":            "interrupt hours the people on call give a shift",
	"on_call.degraded_factor":        "paging of a collapsed domain",
	"on_call.pages_per_toil_hour":    "pages per hour of toil",
	"on_call.incidents_per_100_toil": "incidents per 100 hours of toil",
	"on_call.hours_per_page":         "time per page",
	"on_call.hours_per_incident":     "time per incident",

	"budget.review_weeks":      "time between budget reviews",
	"budget.lead_weeks":        "budget's look-ahead",
	"budget.cap_pct":           "infra budget cap",
	"budget.compression_pct":   "budget compression",
	"budget.freeze_weeks":      "hiring freeze after a compression",
	"budget.cost_per_engineer": "cost of an infra engineer",

	"leadership.quality_threshold": "leadership's quality threshold",
	"leadership.patience_weeks":    "leadership's patience",

	"product.primitive_dependence": "branches' dependence on the primitives",

	"allocation.quality_floor": "quality floor",
	"allocation.reserve_pct":   "investment reserve",
	"allocation.invest_cap":    "useful investment's ceiling",

	"policy.threshold":      "split threshold",
	"policy.branch_min":     "smallest branch",
	"policy.share_pct":      "target trunk share",
	"policy.subdivide_at":   "branch size that subdivides",
	"policy.split_delay":    "time from decision to split",
	"policy.split_cooldown": "least time between a team's splits",
	"policy.split_spacing":  "least time between splits",
	"policy.trunk_cap":      "trunk's cap",
}

// Words is a scenario key in words with its unit, as a chart's axis
// names it: "company growth, % a year" for company.engineers.annual_pct,
// "storage: work at the start, hours a week" for
// domains.storage.base_hours, "every domain: ..." for
// domains[].base_hours. A key with no name in words is returned as it is.
func Words(key string) string {
	name, path, ok := named(key)
	if !ok {
		return key
	}
	if u := unitWords(unitOf(path)); u != "" {
		name += ", " + u
	}
	return name
}

// Name is a scenario key in words without its unit, as a chart's row
// names it, or the key when it has no name in words.
func Name(key string) string {
	name, _, ok := named(key)
	if !ok {
		return key
	}
	return name
}

// named is the words for key and the schema's path for it.
func named(key string) (name, path string, ok bool) {
	path, owner := key, ""
	for _, list := range []string{"domains", "teams"} {
		if rest, found := strings.CutPrefix(key, list+"."); found {
			if i := strings.LastIndex(rest, "."); i > 0 {
				path, owner = list+"[]"+rest[i:], rest[:i]
			}
		}
	}
	if strings.HasPrefix(key, "domains[]") || strings.HasPrefix(key, "teams[]") {
		path, owner = key, "every "+strings.TrimSuffix(strings.Split(key, "[")[0], "s")
	}
	name, ok = names[path]
	return strings.Replace(name, "%s", owner, 1), path, ok
}

// unitOf is a key's unit as the schema gives it.
func unitOf(path string) string {
	if d, ok := docs[path]; ok {
		return d.unit
	}
	if d, ok := growthDocs[path[strings.LastIndex(path, ".")+1:]]; ok && strings.HasPrefix(path, "company.") {
		return d.unit
	}
	return ""
}

// unitWords shortens a unit for an axis: percentages as %, a unit that
// is a list of choices or "same as" another left out.
func unitWords(u string) string {
	switch {
	case strings.HasPrefix(u, "same as"), strings.Contains(u, " or "), u == "text":
		return ""
	case strings.HasPrefix(u, "percent"):
		return "%" + strings.TrimPrefix(u, "percent")
	}
	return u
}

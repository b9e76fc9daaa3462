package scenarios

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// applySet writes one "key=value" override into the decoded tree and
// returns the key's path with array indexes resolved. A path step after an
// array of tables is an index ("domains[2]" or "domains.2") or an element's
// name ("domains.storage").
func applySet(raw map[string]any, kv string) (string, error) {
	key, value, ok := strings.Cut(kv, "=")
	key = strings.TrimSpace(key)
	if !ok || key == "" {
		return "", fmt.Errorf("expected key=value, such as policy.threshold=6")
	}
	steps := strings.Split(strings.NewReplacer("[", ".", "]", "").Replace(key), ".")
	return setPath(raw, steps, parseValue(strings.TrimSpace(value)))
}

func setPath(node map[string]any, steps []string, v any) (string, error) {
	step := steps[0]
	if step == "" {
		return "", fmt.Errorf("empty step in key path")
	}
	if len(steps) == 1 {
		node[step] = v
		return step, nil
	}
	descend := func(m map[string]any, prefix string, rest []string) (string, error) {
		p, err := setPath(m, rest, v)
		if err != nil {
			return "", err
		}
		return prefix + "." + p, nil
	}
	switch n := node[step].(type) {
	case nil:
		m := map[string]any{}
		node[step] = m
		return descend(m, step, steps[1:])
	case map[string]any:
		return descend(n, step, steps[1:])
	case []map[string]any:
		idx, err := pick(n, steps[1])
		if err != nil {
			return "", fmt.Errorf("%s: %v", step, err)
		}
		if len(steps) == 2 {
			return "", fmt.Errorf("%s.%s names a whole table: name a key inside it", step, steps[1])
		}
		return descend(n[idx], fmt.Sprintf("%s[%d]", step, idx), steps[2:])
	}
	return "", fmt.Errorf("%s is not a table", step)
}

// pick finds an array element by index or by its name key.
func pick(list []map[string]any, step string) (int, error) {
	if i, err := strconv.Atoi(step); err == nil {
		if i < 0 || i >= len(list) {
			return 0, fmt.Errorf("index %d out of range: there are %d", i, len(list))
		}
		return i, nil
	}
	var names []string
	for i, m := range list {
		n, _ := m["name"].(string)
		if n == step {
			return i, nil
		}
		names = append(names, n)
	}
	return 0, fmt.Errorf("no element named %q, expected one of %s", step, strings.Join(names, ", "))
}

// parseValue reads an override's value as TOML; anything TOML cannot read
// is a bare string, so policy.name=centralized needs no quotes.
func parseValue(s string) any {
	var m map[string]any
	if _, err := toml.Decode("v = "+s, &m); err == nil {
		return m["v"]
	}
	return s
}

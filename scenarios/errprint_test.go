package scenarios

import "strings"

func replaceOnce(s, old, new string) string { return strings.Replace(s, old, new, 1) }

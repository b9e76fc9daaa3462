package scenarios

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func replaceOnce(s, old, new string) string { return strings.Replace(s, old, new, 1) }

func TestPrintErrCases(t *testing.T) {
	if os.Getenv("PRINT") == "" {
		t.Skip()
	}
	for _, c := range errCases {
		_, err := Parse("f.toml", []byte(c.src), c.sets...)
		fmt.Printf("%q: %q\n", c.name, fmt.Sprint(err))
	}
}

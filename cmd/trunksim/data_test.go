package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Every CSV that every command writes is a plain table that any tool
// reads as it is, and its folder's datapackage.json describes it truly;
// calibrate's fit.csv is checked by TestCalibrateExample, report's
// runs.csv by TestReportIsReproducible, on the folders they write.
func TestDataFiles(t *testing.T) {
	quick := []string{"-runs", "2", "-weeks", "8", "-format", "svg"}
	tables := csvTables{}
	for _, args := range [][]string{
		slices.Concat([]string{"run"}, quick, []string{"steady-growth"}),
		slices.Concat([]string{"compare", "-policy", "centralized", "-policy", "trunk-and-branches"}, quick),
		slices.Concat([]string{"sweep", "-vary", "policy.threshold=6,8"}, quick),
		slices.Concat([]string{"sensitivity", "-params", "people.attrition_pct"}, quick),
		slices.Concat([]string{"robustness", "-assumptions", "people.span"}, quick),
	} {
		dir := filepath.Join(t.TempDir(), "out")
		mustRun(t, append(args, "-out", dir)...)
		maps.Copy(tables, checkDataFolder(t, dir))
	}
	readByPandas(t, tables)
}

// csvTables are the CSV files checked, by path: their headers and the
// columns their schemas call numbers.
type csvTables map[string]struct{ header, numeric []string }

// dataPackage is what checkDataFolder reads of a datapackage.json.
type dataPackage struct {
	Profile   string
	Resources []struct {
		Name, Path, Profile, Hash string
		Bytes                     int
		Schema                    struct {
			Fields []struct {
				Name, Type, Description string
			}
			MissingValues []string
		}
	}
}

// checkDataFolder checks every CSV of the folder dir as R's read.csv and
// pandas' read_csv take it (its header first, every row as long as the
// header) and against the Table Schema rules of its datapackage.json:
// every CSV is a resource, every resource's path is a file of the folder
// with the bytes and hash it gives, the fields are the header's names in
// order, and every cell parses as its field's type or is a missing value.
// It returns the CSV files it checked, for readByPandas.
func checkDataFolder(t *testing.T, dir string) csvTables {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "datapackage.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pkg dataPackage
	if err := json.Unmarshal(b, &pkg); err != nil {
		t.Fatalf("datapackage.json: %v", err)
	}
	if pkg.Profile != "tabular-data-package" {
		t.Errorf("datapackage.json's profile is %q", pkg.Profile)
	}
	var csvs []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".csv") {
			rel, _ := filepath.Rel(dir, path)
			csvs = append(csvs, filepath.ToSlash(rel))
		}
		return err
	})
	if len(csvs) == 0 {
		t.Errorf("%s holds no CSV", dir)
	}
	name := regexp.MustCompile(`^[a-z0-9._-]+$`)
	tables := csvTables{}
	for _, r := range pkg.Resources {
		where := dir + "/" + r.Path
		if !name.MatchString(r.Name) || r.Profile != "tabular-data-resource" || !filepath.IsLocal(r.Path) {
			t.Errorf("%s: name %q, profile %q", where, r.Name, r.Profile)
		}
		data, err := os.ReadFile(filepath.Join(dir, r.Path))
		if err != nil {
			t.Errorf("a resource's path: %v", err)
			continue
		}
		if len(data) != r.Bytes || fmt.Sprintf("sha256:%x", sha256.Sum256(data)) != r.Hash {
			t.Errorf("%s: not the bytes or hash datapackage.json gives", where)
		}
		rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll() // every record as long as the first
		if err != nil || len(rows) == 0 {
			t.Errorf("%s is not a rectangular CSV: %v", where, err)
			continue
		}
		var fields, numeric []string
		for _, f := range r.Schema.Fields {
			fields = append(fields, f.Name)
			if f.Description == "" {
				t.Errorf("%s: field %s has no description", where, f.Name)
			}
			if f.Type == "number" || f.Type == "integer" {
				numeric = append(numeric, f.Name)
			}
		}
		if !slices.Equal(rows[0], fields) {
			t.Errorf("%s: header %v, fields %v", where, rows[0], fields)
			continue
		}
		tables[filepath.Join(dir, r.Path)] = struct{ header, numeric []string }{rows[0], numeric}
		for i, row := range rows[1:] {
			for j, cell := range row {
				f := r.Schema.Fields[j]
				if !slices.Contains(r.Schema.MissingValues, cell) && !parses(f.Type, cell) {
					t.Errorf("%s:%d: %s %q is not a %s", where, i+2, f.Name, cell, f.Type)
				}
			}
		}
	}
	for _, c := range csvs {
		if _, ok := tables[filepath.Join(dir, c)]; !ok {
			t.Errorf("%s/%s is not in datapackage.json, or does not match it", dir, c)
		}
	}
	return tables
}

// parses reports whether a cell is a value of a Table Schema type, with
// the schema's default formats.
func parses(typ, cell string) bool {
	switch typ {
	case "integer":
		_, err := strconv.ParseInt(cell, 10, 64)
		return err == nil
	case "number":
		if cell == "NaN" || cell == "INF" || cell == "-INF" {
			return true
		}
		_, err := strconv.ParseFloat(cell, 64)
		return err == nil && !strings.ContainsAny(cell, "xXpP_") && !strings.EqualFold(strings.TrimLeft(cell, "+-"), "inf")
	case "boolean":
		return slices.Contains([]string{"true", "True", "TRUE", "1", "false", "False", "FALSE", "0"}, cell)
	case "string":
		return true
	}
	return false
}

// pandasScript reads each CSV named on its command line with read_csv's
// defaults and prints, one line each, its columns and those read as
// numbers.
const pandasScript = `
import json, sys
import pandas as pd
for path in sys.argv[1:]:
    df = pd.read_csv(path)
    print(json.dumps([list(df.columns), [c for c in df.columns if df[c].dtype.kind in "iuf"]]))
`

// pandasPython is a python3 that has pandas ("" if none): python3 on the
// path, or Debian's, which .ci/run installs pandas into. It is found when
// first asked for, not when the test binary starts: importing pandas
// takes half a second, and every test that runs trunksim as a child
// process starts this binary again.
var pandasPython = sync.OnceValue(func() string {
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(py, "-c", "import pandas").Run() == nil {
			return py
		}
	}
	return ""
})

// readByPandas reads the CSV files with pd.read_csv's defaults, in a
// subtest that python3 without pandas skips, and checks that each gives
// its header's columns and reads its number columns as numbers.
func readByPandas(t *testing.T, tables csvTables) {
	t.Run("pandas", func(t *testing.T) {
		if pandasPython() == "" {
			t.Skip("python3 with pandas is not installed (on Debian: apt-get install python3-pandas, as .ci/run does); the Go schema check stands for it")
		}
		readPandas(t, tables)
	})
}

func readPandas(t *testing.T, tables csvTables) {
	paths := slices.Sorted(maps.Keys(tables))
	out, err := exec.Command(pandasPython(), append([]string{"-c", pandasScript}, paths...)...).Output()
	if err != nil {
		t.Fatalf("pandas: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(paths) {
		t.Fatalf("pandas read %d files of %d:\n%s", len(lines), len(paths), out)
	}
	for i, p := range paths {
		var got [2][]string
		if err := json.Unmarshal([]byte(lines[i]), &got); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got[0], tables[p].header) {
			t.Errorf("pandas reads %s as the columns %v, not its header %v", p, got[0], tables[p].header)
		}
		for _, c := range tables[p].numeric {
			if !slices.Contains(got[1], c) {
				t.Errorf("pandas does not read %s's column %s as numbers", p, c)
			}
		}
	}
}

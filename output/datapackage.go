package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/trunksim/trunksim/sim"
)

// Every CSV file trunksim writes is a plain table, its header first and no
// comment lines, so that any CSV reader takes it as it is. What it holds
// (provenance, warnings, each column's type, meaning and unit) is in the
// folder's DataPackage, datapackage.json, a Frictionless Data Package
// (specs.frictionlessdata.io) listing every CSV of the folder with its
// Table Schema.
const DataPackage = "datapackage.json"

// Field is one column of a CSV file as its Table Schema describes it.
// Type is a Table Schema type: integer, number, string or boolean. Unit
// and Aggregation are trunksim's own properties, which the schema allows:
// the column's unit, and for a per-run outcome how a run's weeks make it.
type Field struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Description string `json:"description"`
	Unit        string `json:"unit,omitempty"`
	Aggregation string `json:"aggregation,omitempty"`
}

// Resource is one CSV file of a data package.
type Resource struct {
	Name        string `json:"name"`
	Path        string `json:"path"`
	Profile     string `json:"profile"`
	Description string `json:"description"`
	Format      string `json:"format"`
	Mediatype   string `json:"mediatype"`
	Encoding    string `json:"encoding"`
	Bytes       int    `json:"bytes"`
	Hash        string `json:"hash"`
	Dialect     struct {
		Delimiter      string `json:"delimiter"`
		LineTerminator string `json:"lineTerminator"`
		Header         bool   `json:"header"`
	} `json:"dialect"`
	Schema struct {
		Fields []Field `json:"fields"`
		// MissingValues: an empty cell is a missing value, such as the
		// week of an intervention in a run that had none.
		MissingValues []string `json:"missingValues"`
	} `json:"schema"`
}

// The field kinds of the CSV files.
func intField(name, description string) Field {
	return Field{Name: name, Type: "integer", Description: description}
}
func textField(name, description string) Field {
	return Field{Name: name, Type: "string", Description: description}
}
func boolField(name, description string) Field {
	return Field{Name: name, Type: "boolean", Description: description}
}
func numField(name, description, unit string) Field {
	return Field{Name: name, Type: "number", Description: description, Unit: unit}
}

// outcomeField is a column holding outcome o, as the catalogue declares
// it; what says which value of it ("mean at the scenario's values"), ""
// for the per-run value itself.
func outcomeField(name string, o sim.Outcome, what string) Field {
	f := numField(name, outcomeDescription(o), o.Info().Unit.String())
	if what != "" {
		f.Description = what + " " + f.Description
	} else {
		f.Aggregation = o.Info().Over.String()
	}
	return f
}

// quantileFields are the columns of a quantity summarised across runs,
// its unit given per row by a unit column.
func quantileFields(runs string) []Field {
	of := " across runs, in the row's unit"
	return []Field{
		numField("p10", "10th percentile"+of, ""), numField("p50", "median"+of, ""),
		numField("p90", "90th percentile"+of, ""), numField("mean", "mean"+of, ""),
		intField("runs", runs),
	}
}

// table is one CSV file as it is written: the header, then rows of as
// many cells, each made safe by csvWriter.
type table struct {
	res Resource
	buf bytes.Buffer
	cw  *csvWriter
	err error
}

// newTable starts the CSV file name (its path in the folder), described
// in a sentence, with its header.
func newTable(name, description string, fields ...Field) *table {
	t := &table{}
	t.res.Name = strings.TrimSuffix(path.Base(name), ".csv")
	t.res.Path, t.res.Description = name, description
	t.res.Profile, t.res.Format, t.res.Mediatype, t.res.Encoding = "tabular-data-resource", "csv", "text/csv", "utf-8"
	t.res.Dialect.Delimiter, t.res.Dialect.LineTerminator, t.res.Dialect.Header = ",", "\n", true
	t.res.Schema.Fields, t.res.Schema.MissingValues = fields, []string{""}
	t.cw = &csvWriter{csv.NewWriter(&t.buf)}
	head := make([]string, len(fields))
	for i, f := range fields {
		head[i] = f.Name
	}
	t.cw.Write(head)
	return t
}

// row writes one row, which must have a cell for every field.
func (t *table) row(cells ...string) {
	if len(cells) != len(t.res.Schema.Fields) && t.err == nil {
		t.err = fmt.Errorf("%s: a row of %d cells under %d fields", t.res.Path, len(cells), len(t.res.Schema.Fields))
	}
	t.cw.Write(cells)
}

// file is the table as an output file, carrying its description.
func (t *table) file() (File, error) {
	t.cw.Flush()
	if err := t.cw.Error(); err != nil {
		return File{}, err
	}
	if t.err != nil {
		return File{}, t.err
	}
	res := t.res
	res.Bytes = t.buf.Len()
	res.Hash = fmt.Sprintf("sha256:%x", sha256.Sum256(t.buf.Bytes()))
	return File{Name: res.Path, Data: t.buf.Bytes(), Table: &res}, nil
}

// packageName is what a package name may hold.
var packageName = regexp.MustCompile(`[^a-z0-9._-]+`)

// WithDataPackage adds to a folder's files its datapackage.json, listing
// every CSV among them in order, with meta (provenance and warnings) as
// the package's trunksim property; a folder without CSV files gets none.
// A CSV file that does not describe itself is an error.
func WithDataPackage(meta Meta, files []File) ([]File, error) {
	var resources []*Resource
	for _, f := range files {
		switch {
		case f.Table != nil:
			resources = append(resources, f.Table)
		case strings.HasSuffix(f.Name, ".csv"):
			return nil, fmt.Errorf("%s has no table schema for %s", f.Name, DataPackage)
		}
	}
	if len(resources) == 0 {
		return files, nil
	}
	doc := struct {
		Profile   string      `json:"profile"`
		Name      string      `json:"name"`
		Title     string      `json:"title"`
		Trunksim  Meta        `json:"trunksim"`
		Resources []*Resource `json:"resources"`
	}{"tabular-data-package", strings.Trim(packageName.ReplaceAllString(strings.ToLower("trunksim-"+meta.Scenario), "-"), "-"),
		meta.Line(), meta, resources}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(files, File{Name: DataPackage, Data: append(b, '\n')}), nil
}

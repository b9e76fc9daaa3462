package output

import (
	"fmt"
	"os"
	"path/filepath"
)

// File is one output, named relative to the output directory.
type File struct {
	Name string
	Data []byte
}

// WriteAll writes files into dir. Each goes to a temporary name first; only
// when every one is written are they renamed into place, so a failure
// leaves the previous outputs as they were and no partial files.
func WriteAll(dir string, files []File) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var temps []string
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	for _, f := range files {
		target := filepath.Join(dir, f.Name)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			cleanup()
			return err
		}
		tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(f.Name)+".tmp-*")
		if err != nil {
			cleanup()
			return err
		}
		temps = append(temps, tmp.Name())
		_, werr := tmp.Write(f.Data)
		if werr == nil {
			werr = tmp.Chmod(0o644)
		}
		cerr := tmp.Close()
		if werr != nil || cerr != nil {
			cleanup()
			return fmt.Errorf("writing %s: %w", filepath.Join(dir, f.Name), firstErr(werr, cerr))
		}
	}
	for i, f := range files {
		if err := os.Rename(temps[i], filepath.Join(dir, f.Name)); err != nil {
			cleanup()
			return err
		}
	}
	return nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

package output

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// File is one output, named relative to the output directory.
type File struct {
	Name string
	Data []byte
	// Table describes a CSV file for the folder's datapackage.json; nil
	// for any other file.
	Table *Resource
}

// An output directory holds one set: the files of one command, and
// Manifest listing them. WriteAll builds the set in a staging directory
// beside the output directory, then swaps it in whole:
//
//	.NAME.staging-PID-RAND  the new set, while it is written
//	.NAME.old-PID-RAND      the previous set, while the new one moves in
//
// so a failure or an interruption at any point leaves either the previous
// set or the new one, never a mix. What a killed process leaves beside the
// directory is removed by the next PrepareDir or WriteAll; only files a
// manifest lists are ever removed from the directory itself.
const Manifest = "MANIFEST"

// manifestHead is the manifest's first line, which marks a directory as
// trunksim's to replace.
const manifestHead = "# trunksim output set: these files, written together by one command, replaced together by the next"

// staleAfter is the age at which a leftover is removed even though a
// process with its pid runs (the pid may have been reused).
const staleAfter = time.Hour

// rename is os.Rename; tests replace it to make a rename fail.
var rename = os.Rename

// PrepareDir checks, before any work, that dir can take a new set: it is
// a directory that is empty or holds only a previous set (or it does not
// exist and its nearest existing parent is a directory that can be written
// in). It first removes what a killed run left beside dir, and puts back
// a previous set that a killed run had moved aside.
func PrepareDir(dir string) error {
	abs, err := outPath(dir)
	if err != nil {
		return err
	}
	cleanLeftovers(abs)
	return checkDir(dir, abs)
}

// WriteAll makes files the whole contents of dir, with a Manifest listing
// them: a previous set in dir is replaced, files of it that files do not
// name are gone. It refuses to replace a directory holding anything a
// manifest does not list. The set is written beside dir first, so a
// failure, or ctx being cancelled before the swap, leaves dir as it was
// and nothing else behind. written, if not nil, is called after each file
// (the manifest last) is in the staging directory.
func WriteAll(ctx context.Context, dir string, files []File, written func(name string)) error {
	manifest, err := manifestOf(files)
	if err != nil {
		return err
	}
	abs, err := outPath(dir)
	if err != nil {
		return err
	}
	cleanLeftovers(abs)
	if err := checkDir(dir, abs); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return err
	}
	staging, err := mkLeftover(abs, "staging")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(staging)
		}
	}()
	for _, f := range append(slices.Clip(files), File{Name: Manifest, Data: manifest}) {
		if err := ctx.Err(); err != nil {
			return err
		}
		file := filepath.Join(staging, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(file, f.Data, 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", filepath.Join(dir, f.Name), err)
		}
		if written != nil {
			written(f.Name)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := swap(dir, abs, staging); err != nil {
		return err
	}
	done = true
	return nil
}

// swap moves the set in staging to abs: the previous set, if any, moves
// aside first, is checked again (nothing of anyone else's may have arrived
// since checkDir), and is removed once the new set is in place.
func swap(dir, abs, staging string) error {
	old := ""
	if _, err := os.Lstat(abs); err == nil {
		if old, err = leftoverName(abs, "old"); err != nil {
			return err
		}
		if err := rename(abs, old); err != nil {
			return fmt.Errorf("replacing %s: %w", dir, err)
		}
		if err := checkSet(dir, old); err != nil {
			return restore(dir, old, abs, err)
		}
	}
	if err := rename(staging, abs); err != nil {
		err = fmt.Errorf("replacing %s: %w", dir, err)
		if old != "" {
			return restore(dir, old, abs, err)
		}
		return err
	}
	if old != "" {
		os.RemoveAll(old) // what is left here, the next run removes
	}
	return nil
}

// restore moves the previous set back after a failed swap, and returns
// err, with where the previous set is if it could not be moved back.
func restore(dir, old, abs string, err error) error {
	if rerr := rename(old, abs); rerr != nil {
		return fmt.Errorf("%w; the previous outputs are in %s (%v)", err, old, rerr)
	}
	return err
}

// manifestOf checks the names of a set and returns its manifest: one line
// a file, sorted by name, with its sha256 and size in bytes.
func manifestOf(files []File) ([]byte, error) {
	sorted := slices.SortedFunc(slices.Values(files), func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	var b strings.Builder
	b.WriteString(manifestHead + "\n# sha256 bytes name\n")
	for i, f := range sorted {
		switch {
		case !filepath.IsLocal(f.Name) || strings.ContainsAny(f.Name, "\n\r\\") || f.Name != path.Clean(f.Name):
			return nil, fmt.Errorf("output file name %q is not a plain relative path", f.Name)
		case f.Name == Manifest:
			return nil, fmt.Errorf("output file name %q is the manifest's", f.Name)
		case i > 0 && sorted[i-1].Name == f.Name:
			return nil, fmt.Errorf("output file %q is written twice", f.Name)
		}
		sum := sha256.Sum256(f.Data)
		fmt.Fprintf(&b, "%x %d %s\n", sum, len(f.Data), f.Name)
	}
	return []byte(b.String()), nil
}

// entry is one file a manifest lists.
type entry struct {
	sum  string
	size int64
}

// readManifest reads dir's manifest; ok is false if there is none or it is
// not one of trunksim's.
func readManifest(dir string) (map[string]entry, bool) {
	b, err := os.ReadFile(filepath.Join(dir, Manifest))
	if err != nil || !bytes.HasPrefix(b, []byte(manifestHead+"\n")) {
		return nil, false
	}
	m := map[string]entry{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.SplitN(line, " ", 3)
		if len(f) != 3 {
			return nil, false
		}
		size, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			return nil, false
		}
		m[f[2]] = entry{f[0], size}
	}
	return m, true
}

// outPath is dir made absolute, through a symbolic link if dir is one. It
// must not be the current directory or hold it, which a swap would pull
// away from under the shell.
func outPath(dir string) (string, error) {
	if dir == "" {
		return "", errors.New("no directory named")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if st, err := os.Lstat(abs); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		if abs, err = filepath.EvalSymlinks(abs); err != nil {
			return "", err
		}
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(abs, wd); err == nil && filepath.IsLocal(rel) {
			return "", fmt.Errorf("%s is the current directory or holds it; name a directory of its own", dir)
		}
	}
	return abs, nil
}

// checkDir checks that abs (dir as the user wrote it) can take a new set.
func checkDir(dir, abs string) error {
	st, err := os.Stat(abs)
	switch {
	case err == nil && !st.IsDir():
		return fmt.Errorf("%s is a file, not a directory", dir)
	case err == nil:
		if err := checkSet(dir, abs); err != nil {
			return err
		}
		return probe(abs)
	case !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
		return err
	}
	// The nearest existing parent must be a directory to make dir in;
	// shown is that parent as the user wrote it.
	shown := filepath.Dir(filepath.Clean(dir))
	for p, child := filepath.Dir(abs), abs; ; p, child, shown = filepath.Dir(p), p, filepath.Dir(shown) {
		st, err := os.Stat(p)
		switch {
		case err == nil && !st.IsDir():
			return fmt.Errorf("cannot make %s: %s is a file, not a directory", dir, shown)
		case err == nil:
			return probe(child)
		case !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) || p == filepath.Dir(p):
			return err
		}
	}
}

// probe checks that a directory can be made beside abs, by making and
// removing one named as a leftover, so that a kill in between leaves
// nothing the next run does not remove.
func probe(abs string) error {
	d, err := mkLeftover(abs, "staging")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("cannot write in %s: %w", filepath.Dir(abs), err)
	}
	return os.Remove(d)
}

// checkSet checks that everything in the directory abs is listed, with its
// size and sha256, by the manifest there: that it is empty or one set.
func checkSet(dir, abs string) error {
	m, ok := readManifest(abs)
	dirs := map[string]bool{}
	for name := range m {
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	var foreign []string
	err := filepath.WalkDir(abs, func(file string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := filepath.ToSlash(file[min(len(abs)+1, len(file)):])
		switch {
		case file == abs:
		case d.IsDir():
			if !dirs[name] {
				foreign = append(foreign, name+"/")
				return fs.SkipDir
			}
		case name == Manifest && ok:
		case !d.Type().IsRegular():
			foreign = append(foreign, name)
		default:
			e, listed := m[name]
			if !listed {
				foreign = append(foreign, name)
			} else if !sameFile(file, e) {
				foreign = append(foreign, name+" (changed since written)")
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(foreign) == 0 {
		return nil
	}
	list := strings.Join(foreign[:min(len(foreign), 3)], ", ")
	if len(foreign) > 3 {
		list += fmt.Sprintf(" and %d more", len(foreign)-3)
	}
	return fmt.Errorf("%s holds files that no trunksim %s lists (%s); move them away or name another directory", dir, Manifest, list)
}

// sameFile reports whether the file at path has e's size and sha256.
func sameFile(path string, e entry) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return err == nil && n == e.size && hex.EncodeToString(h.Sum(nil)) == e.sum
}

// leftoverName is a fresh name beside abs for a staging or old directory
// of this process.
func leftoverName(abs, kind string) (string, error) {
	var r [6]byte
	if _, err := rand.Read(r[:]); err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(abs), fmt.Sprintf(".%s.%s-%d-%s", filepath.Base(abs), kind, os.Getpid(), hex.EncodeToString(r[:]))), nil
}

// mkLeftover makes a staging or old directory beside abs.
func mkLeftover(abs, kind string) (string, error) {
	name, err := leftoverName(abs, kind)
	if err != nil {
		return "", err
	}
	return name, os.Mkdir(name, 0o755)
}

// cleanLeftovers removes the staging and old directories beside abs that
// a process no longer running (or one that ran long ago) left; an old set
// comes back to abs if a killed swap had left abs missing.
func cleanLeftovers(abs string) {
	parent, base := filepath.Dir(abs), filepath.Base(abs)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		kind, pid, ok := parseLeftover(e.Name(), base)
		if !ok {
			continue
		}
		path := filepath.Join(parent, e.Name())
		if info, err := e.Info(); err != nil || time.Since(info.ModTime()) < staleAfter && running(pid) {
			continue
		}
		if kind == "old" {
			if _, err := os.Lstat(abs); errors.Is(err, fs.ErrNotExist) && rename(path, abs) == nil {
				continue
			}
		}
		os.RemoveAll(path)
	}
}

// parseLeftover reads ".BASE.KIND-PID-RAND" for KIND staging or old.
func parseLeftover(name, base string) (kind string, pid int, ok bool) {
	rest, ok := strings.CutPrefix(name, "."+base+".")
	if !ok {
		return "", 0, false
	}
	kind, rest, _ = strings.Cut(rest, "-")
	p, rnd, _ := strings.Cut(rest, "-")
	pid, err := strconv.Atoi(p)
	if kind != "staging" && kind != "old" || err != nil || pid <= 0 || len(rnd) != 12 {
		return "", 0, false
	}
	return kind, pid, true
}

// running reports whether a process with this pid may be running.
func running(pid int) bool {
	if pid == os.Getpid() {
		return true
	}
	if runtime.GOOS == "windows" {
		return true // no signal 0 there: leftovers wait until stale
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	defer p.Release()
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}

package output

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// deadPid is above any pid_max (at most 2^22), so no process has it.
const deadPid = 1 << 30

// tree lists every file under dir with its contents, and every entry
// beside dir (its parent's other entries), so a test sees all a write did.
func tree(t *testing.T, dir string) (files map[string]string, beside []string) {
	t.Helper()
	files = map[string]string{}
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(path)
			rel, _ := filepath.Rel(dir, path)
			files[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	entries, _ := os.ReadDir(filepath.Dir(dir))
	for _, e := range entries {
		if e.Name() != filepath.Base(dir) {
			beside = append(beside, e.Name())
		}
	}
	return files, beside
}

// names lists a tree's file names, sorted.
func names(files map[string]string) []string { return slices.Sorted(maps.Keys(files)) }

// unchanged checks that dir holds the files it held before, and that
// nothing is left beside it.
func unchanged(t *testing.T, dir string, before map[string]string) {
	t.Helper()
	after, beside := tree(t, dir)
	if !maps.Equal(before, after) || len(beside) != 0 {
		t.Errorf("previous set %v, now %v, beside %v", names(before), names(after), beside)
	}
}

// outDir is a directory "out" alone in a fresh parent.
func outDir(t *testing.T) string {
	return filepath.Join(t.TempDir(), "out")
}

func write(t *testing.T, dir string, files ...File) {
	t.Helper()
	if err := WriteAll(context.Background(), dir, files, nil); err != nil {
		t.Fatal(err)
	}
}

var (
	setA = []File{{"a.txt", []byte("old a"), nil}, {"b.txt", []byte("old b"), nil}, {"slides/01-x.png", []byte("x"), nil}, {"slides/02-y.png", []byte("y"), nil}}
	setB = []File{{"slides/01-z.png", []byte("z"), nil}, {"a.txt", []byte("new a"), nil}}
)

// The manifest lists each file, sorted by name, with sha256 and size.
func TestManifest(t *testing.T) {
	dir := outDir(t)
	write(t, dir, setB...)
	got, _ := os.ReadFile(filepath.Join(dir, Manifest))
	want := manifestHead + "\n# sha256 bytes name\n" +
		fmt.Sprintf("%s 5 a.txt\n%s 1 slides/01-z.png\n", sha("new a"), sha("z"))
	if string(got) != want {
		t.Errorf("manifest:\n%s\nwant:\n%s", got, want)
	}
}

func sha(s string) string { return fmt.Sprintf("%x", sha256.Sum256([]byte(s))) }

// A second set replaces the first whole: no file of the first is left,
// and nothing is left beside the directory.
func TestWriteAllReplacesTheSet(t *testing.T) {
	for _, tt := range []struct {
		name   string
		before []File
	}{
		{"over a larger set", setA},
		{"over the same names", setB},
		{"into an empty directory", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := outDir(t)
			if tt.before != nil {
				write(t, dir, tt.before...)
			} else {
				os.Mkdir(dir, 0o755)
			}
			write(t, dir, setB...)
			files, beside := tree(t, dir)
			if got, want := names(files), []string{Manifest, "a.txt", "slides/01-z.png"}; !slices.Equal(got, want) {
				t.Errorf("files %v, want %v", got, want)
			}
			if files["a.txt"] != "new a" || len(beside) != 0 {
				t.Errorf("a.txt %q, beside %v", files["a.txt"], beside)
			}
		})
	}
}

// A directory holding anything a manifest does not list is not replaced,
// and the message names what is in the way.
func TestWriteAllRefusesOthersFiles(t *testing.T) {
	for _, tt := range []struct {
		name  string
		setup func(dir string)
		want  string
	}{
		{"a file of the user's", func(dir string) { os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o644) },
			"DIR holds files that no trunksim MANIFEST lists (notes.txt); move them away or name another directory"},
		{"a set's file changed", func(dir string) { os.WriteFile(filepath.Join(dir, "a.txt"), []byte("edited"), 0o644) },
			"DIR holds files that no trunksim MANIFEST lists (a.txt (changed since written)); move them away or name another directory"},
		{"a directory of the user's", func(dir string) { os.MkdirAll(filepath.Join(dir, "mine", "deep"), 0o755) },
			"DIR holds files that no trunksim MANIFEST lists (mine/); move them away or name another directory"},
		{"a file in a set's directory", func(dir string) { os.WriteFile(filepath.Join(dir, "slides", "extra.png"), nil, 0o644) },
			"DIR holds files that no trunksim MANIFEST lists (slides/extra.png); move them away or name another directory"},
		{"a link", func(dir string) { os.Symlink("a.txt", filepath.Join(dir, "link")) },
			"DIR holds files that no trunksim MANIFEST lists (link); move them away or name another directory"},
		{"no manifest", func(dir string) { os.Remove(filepath.Join(dir, Manifest)) },
			"DIR holds files that no trunksim MANIFEST lists (a.txt, b.txt, slides/); move them away or name another directory"},
		{"a manifest not trunksim's", func(dir string) { os.WriteFile(filepath.Join(dir, Manifest), []byte("mine\n"), 0o644) },
			"DIR holds files that no trunksim MANIFEST lists (MANIFEST, a.txt, b.txt and 1 more); move them away or name another directory"},
		{"many", func(dir string) {
			for i := range 5 {
				os.WriteFile(filepath.Join(dir, fmt.Sprint("u", i)), nil, 0o644)
			}
		}, "DIR holds files that no trunksim MANIFEST lists (u0, u1, u2 and 2 more); move them away or name another directory"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := outDir(t)
			write(t, dir, setA...)
			tt.setup(dir)
			before, _ := tree(t, dir)
			want := strings.ReplaceAll(tt.want, "DIR", dir)
			if err := PrepareDir(dir); err == nil || err.Error() != want {
				t.Errorf("PrepareDir: %v\nwant %s", err, want)
			}
			err := WriteAll(context.Background(), dir, setB, nil)
			if err == nil || err.Error() != want {
				t.Errorf("WriteAll: %v\nwant %s", err, want)
			}
			unchanged(t, dir, before)
		})
	}
}

// A rename that fails at any step of the swap leaves the previous set as
// it was and nothing beside it.
func TestFailedRenameKeepsPreviousSet(t *testing.T) {
	boom := errors.New("boom")
	for _, tt := range []struct {
		name  string
		fail  []int // which renames fail, counting from 1
		want  string
		moved bool // the previous set could not be moved back
	}{
		{"moving the previous set aside", []int{1}, "replacing DIR: boom", false},
		{"moving the new set in", []int{2}, "replacing DIR: boom", false},
		{"moving the new set in, then back", []int{2, 3}, "replacing DIR: boom; the previous outputs are in OLD (boom)", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := outDir(t)
			write(t, dir, setA...)
			before, _ := tree(t, dir)
			calls := 0
			var old string
			rename = func(from, to string) error {
				calls++
				if calls == 1 {
					old = to
				}
				if slices.Contains(tt.fail, calls) {
					return boom
				}
				return os.Rename(from, to)
			}
			defer func() { rename = os.Rename }()
			err := WriteAll(context.Background(), dir, setB, nil)
			want := strings.NewReplacer("DIR", dir, "OLD", old).Replace(tt.want)
			if err == nil || err.Error() != want {
				t.Fatalf("error %v, want %s", err, want)
			}
			if tt.moved {
				after, beside := tree(t, dir)
				if len(after) != 0 || len(beside) != 1 || filepath.Join(filepath.Dir(dir), beside[0]) != old {
					t.Errorf("after a failed restore: %v, beside %v", names(after), beside)
				}
				rename = os.Rename
				// The next run finds the set aside, and puts it back
				// once no running process owns it.
				os.Chtimes(old, time.Now().Add(-2*staleAfter), time.Now().Add(-2*staleAfter))
				if err := PrepareDir(dir); err != nil {
					t.Fatal(err)
				}
			}
			unchanged(t, dir, before)
		})
	}
}

// A file that cannot be written (here under a name that is also a file)
// leaves the previous set and no staging directory.
func TestFailedWriteKeepsPreviousSet(t *testing.T) {
	dir := outDir(t)
	write(t, dir, setA...)
	before, _ := tree(t, dir)
	err := WriteAll(context.Background(), dir, []File{{"a.txt", nil, nil}, {"a.txt/b.txt", nil, nil}}, nil)
	if err == nil || !strings.HasSuffix(err.Error(), "not a directory") {
		t.Errorf("error %v, want one saying a.txt is not a directory", err)
	}
	unchanged(t, dir, before)
}

// Cancelling while the set is written leaves the previous set and no
// staging directory.
func TestCancelledWriteLeavesNothing(t *testing.T) {
	dir := outDir(t)
	write(t, dir, setA...)
	before, _ := tree(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	var seen []string
	err := WriteAll(ctx, dir, setA[:3], func(name string) {
		seen = append(seen, name)
		cancel()
	})
	if !errors.Is(err, context.Canceled) || !slices.Equal(seen, []string{"a.txt"}) {
		t.Errorf("error %v after %v", err, seen)
	}
	unchanged(t, dir, before)
}

// What a killed run left beside the directory goes; what a running one
// is writing, and anything else, stays.
func TestLeftoversOfKilledRuns(t *testing.T) {
	const rnd = "0123456789ab"
	long := time.Now().Add(-2 * staleAfter)
	for _, tt := range []struct {
		name   string
		leave  string
		old    bool // modified long ago
		noDir  bool // the killed run had moved the set aside
		stays  bool
		restor bool
	}{
		{"staging of a dead process", fmt.Sprintf(".out.staging-%d-%s", deadPid, rnd), false, false, false, false},
		{"old set of a dead process", fmt.Sprintf(".out.old-%d-%s", deadPid, rnd), false, false, false, false},
		{"old set of a dead process, out missing", fmt.Sprintf(".out.old-%d-%s", deadPid, rnd), false, true, false, true},
		{"staging of a running process", fmt.Sprintf(".out.staging-%d-%s", os.Getppid(), rnd), false, false, true, false},
		{"staging of this process", fmt.Sprintf(".out.staging-%d-%s", os.Getpid(), rnd), false, false, true, false},
		{"long-ago staging of a running pid", fmt.Sprintf(".out.staging-%d-%s", os.Getppid(), rnd), true, false, false, false},
		{"another directory's staging", fmt.Sprintf(".other.staging-%d-%s", deadPid, rnd), false, false, true, false},
		{"not a pid", ".out.staging-x-" + rnd, false, false, true, false},
		{"not our random part", fmt.Sprintf(".out.staging-%d-short", deadPid), false, false, true, false},
		{"another kind", fmt.Sprintf(".out.tmp-%d-%s", deadPid, rnd), false, false, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := outDir(t)
			if !tt.noDir {
				write(t, dir, setB...)
			}
			left := filepath.Join(filepath.Dir(dir), tt.leave)
			write(t, left, setA...)
			if tt.old {
				os.Chtimes(left, long, long)
			}
			if err := PrepareDir(dir); err != nil {
				t.Fatal(err)
			}
			files, beside := tree(t, dir)
			if tt.stays != slices.Contains(beside, tt.leave) {
				t.Errorf("beside %v: %s should stay: %v", beside, tt.leave, tt.stays)
			}
			if !tt.stays && len(beside) != 0 {
				t.Errorf("beside %v, want nothing", beside)
			}
			if tt.restor && files["a.txt"] != "old a" {
				t.Errorf("the set moved aside is not back: %v", names(files))
			}
		})
	}
}

// PrepareDir fails at once, before any work, on a directory that cannot
// take a set.
func TestPrepareDir(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "file")
	os.WriteFile(file, nil, 0o644)
	t.Chdir(root)
	os.Mkdir("here", 0o755)
	for _, tt := range []struct{ dir, want string }{
		{filepath.Join(root, "new"), ""},
		{filepath.Join(root, "new", "deeper", "still"), ""},
		{"relative", ""},
		{file, file + " is a file, not a directory"},
		{filepath.Join(file, "sub"), "cannot make " + filepath.Join(file, "sub") + ": " + file + " is a file, not a directory"},
		{filepath.Join(file, "sub", "deeper"), "cannot make " + filepath.Join(file, "sub", "deeper") + ": " + file + " is a file, not a directory"},
		{"file/sub/deeper", "cannot make file/sub/deeper: file is a file, not a directory"},
		{"here/../file/sub", "cannot make here/../file/sub: file is a file, not a directory"},
		{".", ". is the current directory or holds it; name a directory of its own"},
		{root, root + " is the current directory or holds it; name a directory of its own"},
		{"", "no directory named"},
		{"/", "/ is the current directory or holds it; name a directory of its own"},
	} {
		err := PrepareDir(tt.dir)
		if got := fmt.Sprint(err); tt.want == "" && err != nil || tt.want != "" && got != tt.want {
			t.Errorf("%s: %v, want %q", tt.dir, err, tt.want)
		}
	}
	if _, beside := tree(t, filepath.Join(root, "here")); !slices.Equal(beside, []string{"file"}) {
		t.Errorf("PrepareDir left %v", beside)
	}
}

func TestWriteAllBadNames(t *testing.T) {
	for _, tt := range []struct{ name, want string }{
		{"../x", `output file name "../x" is not a plain relative path`},
		{"/x", `output file name "/x" is not a plain relative path`},
		{"a/./b", `output file name "a/./b" is not a plain relative path`},
		{"", `output file name "" is not a plain relative path`},
		{"MANIFEST", `output file name "MANIFEST" is the manifest's`},
		{"a.txt", `output file "a.txt" is written twice`},
	} {
		dir := outDir(t)
		err := WriteAll(context.Background(), dir, []File{{"a.txt", nil, nil}, {tt.name, nil, nil}}, nil)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q: %v, want %s", tt.name, err, tt.want)
		}
		if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%q: the directory was made", tt.name)
		}
	}
}

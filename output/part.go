package output

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/trunksim/trunksim/sim"
)

// A shard's partial result file: what `trunksim merge` needs to make the
// outputs of the whole study, byte for byte as one process would have,
// on a machine that may not have the scenario file. It is gzip-compressed
// gob after a line naming it:
//
//	trunksim shard file 1
//	<gzip of gob(ShardFile)>
//
// gob keeps every float64 exactly; each ensemble's part is sim.Part's own
// encoding.

// ShardFile is one shard of one command.
type ShardFile struct {
	Version string   // trunksim's, which must be the merge's
	Command string   // run, compare, sweep, sensitivity or robustness
	Args    []string // the command's arguments without -shard and -out
	Shard   sim.Shard
	// Loads is the hash of each scenario the command loaded, in order,
	// and Sources the bytes of each scenario file it read, by the path
	// given, so that merge loads the same scenarios.
	Loads   []string
	Sources map[string][]byte
	Parts   []*sim.Part // each ensemble's share, in the order the command made them
}

// ShardExt is the extension of a shard file.
const ShardExt = ".part"

const shardHead = "trunksim shard file 1\n"

// shardWire is ShardFile as gob carries it: each part as its encoding.
type shardWire struct {
	Version, Command string
	Args             []string
	K, N             int
	Loads            []string
	Sources          map[string][]byte
	Parts            [][]byte
}

// WriteShard writes f to path whole or not at all: into a temporary file
// beside it, renamed over path once complete.
func WriteShard(path string, f *ShardFile) error {
	w := shardWire{Version: f.Version, Command: f.Command, Args: f.Args, K: f.Shard.K, N: f.Shard.N, Loads: f.Loads, Sources: f.Sources}
	for _, p := range f.Parts {
		b, err := p.MarshalBinary()
		if err != nil {
			return err
		}
		w.Parts = append(w.Parts, b)
	}
	var buf bytes.Buffer
	buf.WriteString(shardHead)
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err := gob.NewEncoder(zw).Encode(&w); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return rename(tmp.Name(), path)
}

// MaxShardSize bounds a shard file read: far above what any study's share
// takes (a million full runs' part is some tens of MB), far below memory.
const MaxShardSize = 4 << 30

// ReadShard reads a shard file WriteShard wrote, refusing anything else
// with an error that says what it is.
func ReadShard(path string) (*ShardFile, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	br := bufio.NewReader(fh)
	head, err := br.Peek(len(shardHead))
	if err != nil || !bytes.Equal(head, []byte(shardHead)) {
		return nil, fmt.Errorf("%s: not a trunksim shard file (write one with -shard K/N)", path)
	}
	br.Discard(len(shardHead))
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("%s: damaged: %v", path, err)
	}
	var w shardWire
	if err := gob.NewDecoder(io.LimitReader(zr, MaxShardSize)).Decode(&w); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			err = errors.New("truncated")
		}
		return nil, fmt.Errorf("%s: damaged: %v", path, err)
	}
	if w.N < 1 || w.K < 0 || w.K >= w.N {
		return nil, fmt.Errorf("%s: damaged: shard %d/%d", path, w.K, w.N)
	}
	f := &ShardFile{Version: w.Version, Command: w.Command, Args: w.Args, Shard: sim.Shard{K: w.K, N: w.N}, Loads: w.Loads, Sources: w.Sources}
	for i, b := range w.Parts {
		p := new(sim.Part)
		if err := p.UnmarshalBinary(b); err != nil {
			return nil, fmt.Errorf("%s: damaged: ensemble %d: %v", path, i+1, err)
		}
		f.Parts = append(f.Parts, p)
	}
	return f, nil
}

// SameStudy reports why the shard files fs are not the shards of one
// study, or "" if they are: the same version, command, arguments,
// scenarios and number of shards, and number of ensembles.
func SameStudy(a, b *ShardFile) string {
	switch {
	case a.Version != b.Version:
		return fmt.Sprintf("made by trunksim %s and %s", a.Version, b.Version)
	case a.Command != b.Command || !slices.Equal(a.Args, b.Args):
		return fmt.Sprintf("of different commands: %s %q and %s %q", a.Command, a.Args, b.Command, b.Args)
	case a.Shard.N != b.Shard.N:
		return fmt.Sprintf("of %d and of %d shards", a.Shard.N, b.Shard.N)
	case !slices.Equal(a.Loads, b.Loads) || len(a.Sources) != len(b.Sources):
		return "of different scenarios"
	case len(a.Parts) != len(b.Parts):
		return fmt.Sprintf("holding %d and %d ensembles", len(a.Parts), len(b.Parts))
	}
	for k, v := range a.Sources {
		if !bytes.Equal(v, b.Sources[k]) {
			return fmt.Sprintf("of different versions of %s", k)
		}
	}
	return ""
}

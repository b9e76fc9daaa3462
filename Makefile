# trunksim: the two commands the README opens with are `make demo` and
# `make test`; CI runs `make test` through .ci/run.

GO ?= go
OUT ?= out/demo

.PHONY: demo test vet fmt build bench fuzz schema

## demo: run the main job on the default built-in scenario and write its charts
demo:
	$(GO) run ./cmd/trunksim run -out $(OUT) uber-hypergrowth

## test: formatting, vet, every test including the eleven claims, and a
## brief run of each fuzz target (FUZZBRIEF each). The brief run counts
## executions rather than seconds: with a duration, Go 1.26's fuzz
## coordinator can report "context deadline exceeded" at the deadline on a
## loaded machine with no failing input (golang/go#75804, fixed in 1.27).
FUZZBRIEF ?= 5000x
test: vet
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) test -count=1 ./...
	$(MAKE) --no-print-directory fuzz FUZZTIME=$(FUZZBRIEF)

vet:
	$(GO) vet ./...

build:
	$(GO) build -o trunksim ./cmd/trunksim

## bench: the engine's speed (runs/s with one and two workers, their
## ratio), 100,000 runs' peak memory and a 9 x 9 sweep's time; the output
## is benchstat's format, to compare between commits
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 1 ./sim
	$(GO) test -run '^$$' -bench 'Run100k|Sweep9x9' -benchtime 1x -count 1 ./cmd/trunksim

## fuzz: each fuzz target for FUZZTIME (default 1m); seed corpora are
## under testdata/fuzz
FUZZTIME ?= 1m
fuzz:
	$(GO) test ./scenarios -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./scenarios -run '^$$' -fuzz '^FuzzSet$$' -fuzztime $(FUZZTIME)
	$(GO) test ./scenarios -run '^$$' -fuzz '^FuzzPositions$$' -fuzztime $(FUZZTIME)
	$(GO) test ./scenarios -run '^$$' -fuzz '^FuzzHistory$$' -fuzztime $(FUZZTIME)
	$(GO) test ./sim -run '^$$' -fuzz '^FuzzRun$$' -fuzztime $(FUZZTIME)

## schema: regenerate scenarios/SCHEMA.md, sim/MODEL.md and golden files
## after an intended change
schema:
	$(GO) test ./scenarios ./output -update
	$(GO) test ./sim -run '^TestModelDoc$$' -update

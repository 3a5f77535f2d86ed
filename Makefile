# The two commands of the README. Both install missing Debian packages first (as root).
#   make demo   build the release CLI and play the scripted farm session
#   make test   build and run every test in every configuration
.PHONY: all deps demo test build clean

all: build

deps:
	@scripts/install-deps

build: deps
	@cmake --preset gcc-O2 >/dev/null
	@cmake --build --preset gcc-O2 -j2

demo: build
	@build/gcc-O2/cli/llamawool demo

test: deps
	@scripts/run-tests

clean:
	rm -rf build

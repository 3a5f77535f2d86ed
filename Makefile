# The two commands of the README. Both install missing Debian packages first (as root).
#   make demo   build the release CLI and play the scripted farm session
#   make test   build and run every test in every configuration
#   make server build the npm package (wasm) if needed and start the game server on 127.0.0.1:8080
#               (examples/game-server; SERVER_ARGS="--port 9000 ..." passes options)
#   make client build the npm package and the Phaser page (examples/phaser-client) if needed and
#               serve the page with the game server at http://127.0.0.1:8080/ (SERVER_ARGS as above;
#               RULESET=FILE plays that ruleset on both; ALONE=1 serves the page alone, no game
#               server, at http://127.0.0.1:8081/)
.PHONY: all deps demo test build clean server client

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

server: deps
	@mkdir -p build && NODE_PATH=/usr/share/nodejs cmake --preset wasm >build/wasm.configure.log 2>&1 || { tail -20 build/wasm.configure.log; exit 1; }
	@NODE_PATH=/usr/share/nodejs cmake --build --preset wasm -j2 --target llamawool_wasm_package
	@cd examples/game-server && exec npm start --silent -- $(SERVER_ARGS)

CLIENT_DIST := $(CURDIR)/build/wasm/examples/phaser-client/dist
client: deps
	@mkdir -p build && NODE_PATH=/usr/share/nodejs cmake --preset wasm >build/wasm.configure.log 2>&1 || { tail -20 build/wasm.configure.log; exit 1; }
	@$(if $(RULESET),LLAMAWOOL_RULESET=$(abspath $(RULESET))) NODE_PATH=/usr/share/nodejs cmake --build --preset wasm -j2 --target phaser_client
ifeq ($(ALONE),)
	@cd examples/game-server && exec npm start --silent -- --client-dir $(CLIENT_DIST) $(if $(RULESET),--ruleset $(abspath $(RULESET))) $(SERVER_ARGS)
else
	@cd examples/phaser-client && exec node_modules/.bin/vite preview --outDir $(CLIENT_DIST) --host 127.0.0.1 --port 8081 --strictPort
endif

clean:
	rm -rf build

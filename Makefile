# The two commands of the README:
#   make run    install what is missing, build, and run `infra synth dev`
#   make test   install what is missing, build, and run the whole test suite
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps configure build run test test-sanitized update-golden clean

all: build

deps:
	bash scripts/install-deps.sh

configure: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# Only what `infra synth dev` needs: the generic infra command and the seed
# app it builds and runs here (infra.json names it); the tests and examples
# are built by `make test`.
run: configure
	cmake --build $(BUILD) --target infra_exe crud_api -j $(JOBS)
	./$(BUILD)/infra synth dev

# The end-to-end apply test starts as soon as the seed app is built and runs
# beside the rest of the build and suite (scripts/run-tests.sh says why).
test: configure
	bash scripts/run-tests.sh $(BUILD) $(JOBS)

# The whole suite built with clang under AddressSanitizer and
# UndefinedBehaviorSanitizer, plus short libFuzzer runs of tests/fuzz: the
# asan preset of CMakePresets.json, in build-asan.
test-sanitized: deps
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

# Regenerate tests/golden/*.tf.json after an intended change; review with git diff.
update-golden: build
	INFRA_UPDATE_GOLDEN=1 ctest --test-dir $(BUILD) -R golden

clean:
	rm -rf $(BUILD) infra.out

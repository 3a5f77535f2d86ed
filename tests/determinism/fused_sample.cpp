// Compiled on purpose with -ffp-contract=fast (and -mfma on x86-64) by cmake/object-checks.cmake:
// the ctest no_fused_multiply_add_self_test asserts that tests/determinism/no-fused-multiply-add.sh
// finds the fused multiply-add the compiler makes of this, so that the check's green on the
// engine's objects means something. Never linked into anything.
double llamawool_fused_sample(double a, double b, double c);
double llamawool_fused_sample(double a, double b, double c) { return a * b + c; }

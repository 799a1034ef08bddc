/// OpenBLAS through the standard CBLAS prototypes.
///
/// CBLAS is declared through GSL's `<gsl/gsl_cblas.h>` (the reference CBLAS prototypes) rather than
/// OpenBLAS's `cblas.h`: GSL's own headers include `gsl_cblas.h`, and the two declare `CBLAS_TRANSPOSE`
/// differently, which clang modules refuse to merge. The symbols bind to `libopenblas` (linked here);
/// a test asserts a dgemm rate far above reference BLAS, so a wrong binding cannot go unnoticed.
#ifndef SPECTRA_COPENBLAS_SHIM_H
#define SPECTRA_COPENBLAS_SHIM_H
#include <gsl/gsl_cblas.h>

/// OpenBLAS extensions (declared in OpenBLAS's `cblas.h`, which this shim does not include).
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char *openblas_get_config(void);
char *openblas_get_corename(void);
#endif

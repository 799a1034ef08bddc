/// LAPACKE (C interface to LAPACK; the LAPACK routines themselves bind to libopenblas).
#ifndef SPECTRA_CLAPACKE_SHIM_H
#define SPECTRA_CLAPACKE_SHIM_H
#include <lapacke.h>

/// `lapack_int` is a macro, which Swift does not import; this typedef makes it visible.
typedef lapack_int clapacke_int;
#endif

/// OpenBLAS through the standard CBLAS prototypes.
///
/// CBLAS is declared through GSL's `<gsl/gsl_cblas.h>` (the reference CBLAS prototypes) rather than
/// OpenBLAS's `cblas.h`: GSL's own headers include `gsl_cblas.h`, and the two declare `CBLAS_TRANSPOSE`
/// differently, which clang modules refuse to merge. The symbols bind to `libopenblas` (linked here);
/// a test asks the dynamic linker which library defines `cblas_dgemm`, so a wrong binding cannot go unnoticed.
#ifndef SPECTRA_COPENBLAS_SHIM_H
#define SPECTRA_COPENBLAS_SHIM_H
#include <gsl/gsl_cblas.h>

/// OpenBLAS extensions (declared in OpenBLAS's `cblas.h`, which this shim does not include).
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char *openblas_get_config(void);
char *openblas_get_corename(void);

/// glibc's `Dl_info` (dlfcn.h, same layout) under a name of our own: Swift's Glibc module declares
/// `dladdr` only with `_GNU_SOURCE`, so the shim binds it by its assembler name instead.
typedef struct {
  const char *fname;  ///< path of the shared object that contains the address
  void *fbase;        ///< its load address
  const char *sname;  ///< nearest symbol name, or NULL
  void *saddr;        ///< that symbol's address
} spectra_dl_info;
int spectra_dladdr(const void *address, spectra_dl_info *info) __asm__("dladdr");
#endif

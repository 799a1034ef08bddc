// zlib, for reading gzip-compressed data files (IDX images); imported only by Sources/Spectra/Backend.
#include <zlib.h>

import Spectra

print("spectra: placeholder")

"""What the two embedded services' JSON APIs share: their errors (:mod:`.errors`) and
the wrapper every view goes through (:mod:`.views`)."""

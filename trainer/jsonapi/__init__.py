"""What the two embedded services share: their errors (:mod:`.errors`), the wrapper
every view goes through (:mod:`.views`) and the sweep of work no worker will finish
(:mod:`.reaper`)."""

name            = "analytidpoint = true

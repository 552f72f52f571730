//go:build !unix

package capture

import "time"

// processCPU is not measured here.
func processCPU() time.Duration { return 0 }

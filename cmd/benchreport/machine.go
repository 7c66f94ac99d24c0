package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"sajin/models"
)

// Machine says where and when the figures were taken.
type Machine struct {
	Date     string `json:"date"` // RFC 3339, UTC
	CPU      string `json:"cpu"`
	Cores    int    `json:"cores"`
	OS       string `json:"os"`
	Kernel   string `json:"kernel,omitempty"`
	MemoryGB int    `json:"memory_gb,omitempty"`
	Go       string `json:"go"`
	ORT      string `json:"onnxruntime"`
	Vips     string `json:"libvips,omitempty"`
	ExifTool string `json:"exiftool,omitempty"`
	// Load is /proc/loadavg when the run started: how busy the machine was with other work.
	Load string `json:"load,omitempty"`
	// Mode is the run's knobs as scripts/bench.sh set them ("quick", "full", sizes).
	Mode string `json:"mode,omitempty"`
}

func runMachine(ctx context.Context, args []string, stderr io.Writer) error {
	fs := newFlags("machine", stderr)
	out := fs.String("out", "bin/bench/machine.json", "output file")
	mode := fs.String("mode", "", "the run's knobs, to print in the report")
	goVersion := fs.String("go", runtime.Version(), "Go version that builds the benchmarks")
	if err := fs.Parse(args); err != nil {
		return err
	}
	m := Machine{
		Date: time.Now().UTC().Format(time.RFC3339), CPU: cpuModel(), Cores: runtime.NumCPU(),
		OS: runtime.GOOS + "/" + runtime.GOARCH, Kernel: firstLine(ctx, "uname", "-r"), MemoryGB: memoryGB(),
		Go: *goVersion, ORT: models.ORTVersion, Vips: firstLine(ctx, "vipsthumbnail", "--version"),
		ExifTool: firstLine(ctx, "exiftool", "-ver"), Load: strings.TrimSpace(readString("/proc/loadavg")),
		Mode: *mode,
	}
	return writeJSON(*out, m)
}

// cpuModel is the first "model name" of /proc/cpuinfo ("" elsewhere).
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// memoryGB is MemTotal of /proc/meminfo in GB, rounded (0 elsewhere).
func memoryGB() int {
	for line := range strings.SplitSeq(readString("/proc/meminfo"), "\n") {
		var kb int
		if _, err := fmt.Sscanf(line, "MemTotal: %d kB", &kb); err == nil {
			return (kb + 512*1024) / (1024 * 1024)
		}
	}
	return 0
}

// firstLine runs a command and returns the first line of its output, or "" when it fails.
func firstLine(ctx context.Context, name string, args ...string) string {
	out, err := exec.CommandContext(ctx, name, args...).Output()
	if err != nil {
		return ""
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(line)
}

func readString(path string) string {
	b, _ := os.ReadFile(path)
	return string(b)
}

// writeJSON writes v, indented, to path, creating its folder.
func writeJSON(path string, v any) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// readJSON reads path into v.
func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

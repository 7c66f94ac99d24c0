// Package e2e tests Sajin's web app end to end: it builds the real sajin binary, serves a fresh library, and drives
// the page in a real headless Chromium (chromedp) the way a person would: uploading photos through the file input,
// searching in English and Korean (through a real input-method composition), opening the viewer, correcting
// labels, switching language and theme, and on a phone-sized screen. It saves a screenshot of each screen into
// ui/e2e/screenshots/ for a person to look at.
//
// It needs /usr/bin/chromium (Debian packages chromium and fonts-noto-cjk), the vision models (`make setup`) and
// the fixture photos (`make fixtures`): without them it fails when CI is set and skips otherwise.
package e2e

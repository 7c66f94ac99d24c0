package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"sajin/auth"
	"sajin/ingest/catalog"
)

// runUser manages accounts on the data folder directly (no server needed): add, list, disable, enable, remove,
// passwd, quota, token. A password is read from stdin with --password-stdin, else made up and printed once.
func runUser(ctx context.Context, args []string, e env) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, "usage: sajin user add|list|disable|enable|remove|passwd|quota|token [flags] [NAME] (sajin user add -h)")
		return usageError{"user: no subcommand"}
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("user "+sub, flag.ContinueOnError)
	data := fs.String("data", defaultDataDir(e.getenv), "data folder (env SAJIN_DATA)")
	admin := fs.Bool("admin", false, "add: the user is an admin")
	quota := fs.String("quota", "", "add: storage quota, in bytes or with a unit: 500MB, 20GB, 1TiB (0 or none: no quota)")
	fromStdin := fs.Bool("password-stdin", false, "add, passwd: read the password from the first line of stdin")
	asJSON := fs.Bool("json", false, "list: one JSON object per line")
	fs.SetOutput(e.stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	names := fs.Args()
	needName := map[string]bool{"add": true, "disable": true, "enable": true, "remove": true, "passwd": true, "token": true, "quota": true}
	if _, known := needName[sub]; !known && sub != "list" {
		return usageError{fmt.Sprintf("user: unknown subcommand %q", sub)}
	}
	want, what := 1, "the user's name"
	switch sub {
	case "token":
		want, what = 2, "the user's name and what the token is for"
	case "quota":
		want, what = 2, "the user's name and the quota (20GB, 0 for none)"
	}
	if needName[sub] && len(names) != want {
		return usageError{fmt.Sprintf("user %s: give %s", sub, what)}
	}
	if err := os.MkdirAll(*data, 0o755); err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	cat, err := catalog.Open(ctx, filepath.Join(*data, "catalog.db"))
	if err != nil {
		return err
	}
	defer cat.Close()
	a := auth.New(cat, auth.Options{Logger: newTextLogger(io.Discard)})
	if err := firstAdmin(ctx, a, e); err != nil {
		return err
	}
	password := func() (string, bool, error) {
		if !*fromStdin {
			return auth.NewPassword(), true, nil
		}
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && (err != io.EOF || line == "") {
			return "", false, fmt.Errorf("read the password from stdin: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), false, nil
	}
	switch sub {
	case "list":
		return listUsers(ctx, a, cat, e.stdout, *asJSON)
	case "add":
		pw, made, err := password()
		if err != nil {
			return err
		}
		limit, err := parseBytes(*quota)
		if err != nil {
			return usageError{err.Error()}
		}
		u, err := a.AddUser(ctx, names[0], pw, *admin)
		if err == nil && limit > 0 {
			_, err = a.Update(ctx, u.Name, nil, nil, &limit)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "added %s (library %s)\n", u.Name, u.Library)
		if made {
			fmt.Fprintf(e.stdout, "password: %s\n(shown only now)\n", pw)
		}
	case "passwd":
		pw, made, err := password()
		if err != nil {
			return err
		}
		if err := a.SetPassword(ctx, names[0], pw, ""); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "new password for %s; their sessions have ended\n", names[0])
		if made {
			fmt.Fprintf(e.stdout, "password: %s\n(shown only now)\n", pw)
		}
	case "disable", "enable":
		off := sub == "disable"
		if _, err := a.Update(ctx, names[0], nil, &off, nil); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%sd %s\n", sub, names[0])
	case "remove":
		if err := a.Remove(ctx, names[0]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "removed %s and their library (originals shared by content stay on disk)\n", names[0])
	case "quota":
		limit, err := parseBytes(names[1])
		if err != nil {
			return usageError{err.Error()}
		}
		if _, err := a.Update(ctx, names[0], nil, nil, &limit); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "quota of %s: %d bytes (0: none)\n", names[0], limit)
	case "token":
		u, err := a.User(ctx, names[0])
		if err != nil {
			return err
		}
		_, secret, err := a.NewAPIToken(ctx, u, names[1])
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s\n", secret) // alone on its line, for scripts: Authorization: Bearer <it>
	}
	return nil
}

func listUsers(ctx context.Context, a *auth.Auth, cat *catalog.Catalog, w io.Writer, asJSON bool) error {
	users, err := a.Users(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	if !asJSON {
		fmt.Fprintln(tw, "NAME\tROLE\tSTATE\tUSED\tQUOTA\tLIBRARY")
	}
	for _, u := range users {
		used, err := cat.LibraryBytes(ctx, u.Library)
		if err != nil {
			return err
		}
		if asJSON {
			json.NewEncoder(w).Encode(map[string]any{"name": u.Name, "admin": u.Admin, "disabled": u.Disabled,
				"used_bytes": used, "quota_bytes": u.QuotaBytes, "library": u.Library, "created_at": u.Created.Format(time.RFC3339)})
			continue
		}
		role, state, quota := "user", "active", "-"
		if u.Admin {
			role = "admin"
		}
		if u.Disabled {
			state = "disabled"
		}
		if u.QuotaBytes > 0 {
			quota = fmt.Sprint(u.QuotaBytes)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", u.Name, role, state, used, quota, u.Library)
	}
	return tw.Flush()
}

// firstAdmin makes the admin account when the data folder has none, with $SAJIN_ADMIN_PASSWORD or a random
// password printed once to stderr (the terminal, not the log).
func firstAdmin(ctx context.Context, a *auth.Auth, e env) error {
	created, shown, err := a.EnsureAdmin(ctx, e.getenv("SAJIN_ADMIN_PASSWORD"))
	if err != nil {
		return fmt.Errorf("make the admin account: %w", err)
	}
	switch {
	case created && shown != "":
		line := strings.Repeat("=", 72)
		fmt.Fprintf(e.stderr, "\n%s\n  Sajin made the first account. Log in with\n\n      name:     %s\n      password: %s\n\n"+
			"  This password is shown only this once. Change it after logging in (or: sajin user passwd %s).\n%s\n\n",
			line, auth.AdminName, shown, auth.AdminName, line)
	case created:
		fmt.Fprintf(e.stderr, "sajin: made the account %q with the password in SAJIN_ADMIN_PASSWORD\n", auth.AdminName)
	}
	return nil
}

// resolveUser turns a --user NAME flag into that user's --library, reading the accounts of the --data folder.
func resolveUser(fs *flag.FlagSet) error {
	user, data, lib := fs.Lookup("user"), fs.Lookup("data"), fs.Lookup("library")
	if user == nil || user.Value.String() == "" || data == nil || lib == nil {
		return nil
	}
	if lib.Value.String() != lib.DefValue {
		return usageError{"give --user or --library, not both"}
	}
	path := filepath.Join(data.Value.String(), "catalog.db")
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("--user %s: no library in %s", user.Value, data.Value)
	}
	cat, err := catalog.Open(context.Background(), path)
	if err != nil {
		return err
	}
	defer cat.Close()
	u, err := cat.UserByName(context.Background(), user.Value.String())
	if err != nil {
		return fmt.Errorf("--user: %w", err)
	}
	return fs.Set("library", u.Library)
}

// parseBytes reads a size: a number of bytes, or a number with a unit (KB, MB, GB, TB in powers of 1000; KiB,
// MiB, GiB, TiB in powers of 1024). "" and "none" are 0.
func parseBytes(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.EqualFold(s, "none") {
		return 0, nil
	}
	units := []struct {
		suffix string
		mult   float64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9},
		{"TB", 1e12}, {"B", 1}}
	mult := 1.0
	for _, u := range units {
		if len(s) > len(u.suffix) && strings.EqualFold(s[len(s)-len(u.suffix):], u.suffix) {
			s, mult = strings.TrimSpace(s[:len(s)-len(u.suffix)]), u.mult
			break
		}
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n < 0 || n*mult > 1<<62 {
		return 0, fmt.Errorf("not a size: %q (try 500MB, 20GB or 0)", s)
	}
	return int64(n * mult), nil
}

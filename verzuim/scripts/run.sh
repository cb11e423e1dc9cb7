#!/usr/bin/env bash
# Started by `make run` after migrate and demo: runs the development web server, a Celery worker
# and Celery beat side by side. Ctrl-C (or SIGTERM/SIGHUP) stops all three.
#
# A worker or beat that stops by itself (a crash, a kill, the OOM killer) is started again after
# a back-off (1, 2, 4, ... up to 30 seconds; back to 1 after it ran for a minute), so a Celery
# problem never takes the portal down. The web server stopping ends everything: runserver survives
# code errors by itself (it waits for the next change), so its exit means something a restart
# would not fix (the port taken, a broken settings file), and the developer should see it.
#
# `run.sh check-port` only checks that the port is free (the Makefile does that before migrating).
# Environment (set by the Makefile): PORT, VAR_DIR_PATH (local state folder), VENV_BIN; PORTAL_BASE_URL defaults to
# this port's address.
set -uo pipefail

cd "$(dirname "$0")/../.."
port="${PORT:-8000}"
# Links in e-mails and the calendar feed are built from PORTAL_BASE_URL: point it at the port served here, so the
# links work under `make run PORT=8201` too (an address set by the developer wins).
export PORTAL_BASE_URL="${PORTAL_BASE_URL:-http://127.0.0.1:$port}"
var_dir="${VAR_DIR_PATH:-var}"
bin="${VENV_BIN:-.venv/bin}"

port_answers() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

if port_answers; then
    echo "Error: port $port on 127.0.0.1 is already in use (another make run?)." >&2
    echo "       Stop that process, or choose another port: make run PORT=8001" >&2
    exit 1
fi
[ "${1:-}" = "check-port" ] && exit 0

# Each child runs in its own process group, so that stopping it also stops what it started
# itself (runserver's reloaded child, the worker's pool processes), and so that Ctrl-C reaches
# only this script, which then stops the children in order.
own_group='import os, sys; os.setpgrp(); os.execvp(sys.argv[1], sys.argv[1:])'

names=(web worker beat)
pids=("" "" "")        # the running process of each; empty while a restart is pending
started_at=(0 0 0)     # $SECONDS when it was started
restart_at=(0 0 0)     # $SECONDS when a pending restart is due
backoff=(1 1 1)        # seconds to wait before the next restart
BACKOFF_MAX=30
STABLE_SECONDS=60      # running this long resets the back-off
stopping=0

alive() { kill -0 -- "-$1" 2>/dev/null; }

stop_all() {
    [ "$stopping" = 1 ] && return
    stopping=1
    trap '' INT TERM HUP
    echo
    echo "Stopping web, worker and beat (the worker first finishes running tasks) ..."
    # SIGTERM to each main process: runserver stops its reloaded child, the worker does a warm
    # shutdown, beat saves its schedule.
    for pid in "${pids[@]}"; do
        [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null
    done
    # Wait up to 15 seconds, then make sure nothing of any of them is left.
    for ((i = 0; i < 150; i++)); do
        any=0
        for pid in "${pids[@]}"; do
            [ -n "$pid" ] && alive "$pid" && any=1
        done
        [ "$any" = 0 ] && break
        sleep 0.1
    done
    for pid in "${pids[@]}"; do
        [ -n "$pid" ] && kill -KILL -- "-$pid" 2>/dev/null
    done
    wait 2>/dev/null
    echo "Stopped."
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM HUP

mkdir -p "$var_dir/celery"  # beat keeps its schedule here

if [ -n "${REDIS_URL:-}" ]; then
    broker="Redis (REDIS_URL is set)"
else
    broker="kombu's filesystem transport in $var_dir/celery/ (no REDIS_URL, no Redis needed)"
fi

# start N: start process number N (0 web, 1 worker, 2 beat) in its own process group.
start() {
    case "${names[$1]}" in
        web) "$bin/python" -c "$own_group" "$bin/python" manage.py runserver "127.0.0.1:$port" </dev/null & ;;
        worker) "$bin/python" -c "$own_group" "$bin/celery" -A verzuim worker --loglevel=info --concurrency=2 \
            </dev/null & ;;
        beat) "$bin/python" -c "$own_group" "$bin/celery" -A verzuim beat --loglevel=info \
            --schedule "$var_dir/celery/beat-schedule" </dev/null & ;;
    esac
    pids[$1]=$!
    started_at[$1]=$SECONDS
    echo "Started ${names[$1]} (pid ${pids[$1]})."
}

for n in "${!names[@]}"; do
    start "$n"
done

# Print the address once the web server answers, so it does not drown in the start-up logs.
for ((i = 0; i < 300; i++)); do
    if port_answers; then
        echo
        echo "================================================================================"
        echo "  Verzuimportaal: http://127.0.0.1:$port/"
        echo "  Celery worker and beat use $broker."
        echo "  Demo logins: see above (or run: make codes for the staff TOTP codes)."
        echo "  Press Ctrl-C to stop web, worker and beat."
        echo "================================================================================"
        echo
        break
    fi
    kill -0 "${pids[0]}" 2>/dev/null || break
    sleep 0.2
done

# Supervise until Ctrl-C: restart a stopped worker or beat after its back-off; web stopping ends all.
while true; do
    for n in "${!names[@]}"; do
        pid="${pids[$n]}"
        if [ -z "$pid" ]; then
            if ((SECONDS >= restart_at[n])); then
                start "$n"
            fi
            continue
        fi
        kill -0 "$pid" 2>/dev/null && continue
        wait "$pid" 2>/dev/null  # bash would print the whole command line of a killed job
        status=$?
        # What it started may outlive it (the worker's pool processes when only the main process was
        # killed): its process group goes too, before anything new can be given that number.
        kill -KILL -- "-$pid" 2>/dev/null
        pids[$n]=""
        echo
        echo "The ${names[$n]} process stopped (exit status $status)." >&2
        if [ "${names[$n]}" = web ]; then
            stop_all
            exit 1
        fi
        ((SECONDS - started_at[n] >= STABLE_SECONDS)) && backoff[n]=1
        echo "Restarting ${names[$n]} in ${backoff[$n]} s; web and the other processes keep running." >&2
        restart_at[n]=$((SECONDS + backoff[n]))
        backoff[n]=$((backoff[n] * 2 > BACKOFF_MAX ? BACKOFF_MAX : backoff[n] * 2))
    done
    sleep 1
done

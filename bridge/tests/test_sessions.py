"""Unit tests of the bridge's sessions, without gRPC: python -m unittest discover -s tests (from bridge/)."""
import json
import unittest

import numpy as np

from a3c_bridge.sessions import AtariSettings, BridgeError, Session, parse_kwargs
from a3c_bridge import protocol


class SessionTest(unittest.TestCase):

    def test_seeds_decide_the_first_observations(self):
        a, b = Session("CartPole-v1", {}, 3), Session("CartPole-v1", {}, 3)
        first = a.reset([1, 2, 3])
        self.assertEqual(first, b.reset([1, 2, 3]))
        self.assertNotEqual(first[2], b.reset([1, 2, 4])[2])
        self.assertEqual(("float32", (3, 4)), first[:2])

    def test_an_ended_episode_is_reset_in_the_same_step_and_its_last_observation_kept(self):
        s = Session("CartPole-v1", {}, 2)
        s.reset([1, 2])
        for _ in range(200):
            observations, rewards, terminated, truncated, finished, finals = s.step([1, 1], [])
            if finished:
                break
        self.assertTrue(finished)
        finals_array = np.frombuffer(finals[2], dtype="<f4").reshape(finals[1])
        next_array = np.frombuffer(observations[2], dtype="<f4").reshape(observations[1])
        for i, k in enumerate(finished):
            self.assertTrue(terminated[k])
            self.assertTrue(abs(finals_array[i][2]) > 0.2 or abs(finals_array[i][0]) > 2.4)
            self.assertTrue(np.all(np.abs(next_array[k]) <= 0.05), "a new episode starts upright")

    def test_a_time_limit_truncates(self):
        s = Session("Pendulum-v1", {}, 1, max_episode_steps=3)
        s.reset([0])
        results = [s.step([], [0.0]) for _ in range(3)]
        self.assertEqual([False, False, True], [bool(r[3][0]) for r in results])
        self.assertEqual([0], results[-1][4])
        self.assertEqual(3, s.max_episode_steps)

    def test_keyword_arguments_reach_gymnasium_make(self):
        s = Session("CartPole-v1", parse_kwargs(json.dumps({"sutton_barto_reward": True})), 1)
        s.reset([0])
        self.assertEqual(0.0, s.step([0], [])[1][0])

    def test_wrong_requests_are_refused_with_their_reason(self):
        s = Session("CartPole-v1", {}, 2)
        with self.assertRaises(BridgeError) as e:
            s.step([0, 1], [])
        self.assertEqual("state", e.exception.kind)
        s.reset([1, 2])
        for actions in ([0], [0, 2], [-1, 0]):
            with self.assertRaises(BridgeError) as e:
                s.step(actions, [])
            self.assertEqual("invalid", e.exception.kind)
        with self.assertRaises(BridgeError) as e:
            Session("NoSuchEnv-v0", {}, 1)
        self.assertIn("unknown Gymnasium id", str(e.exception))
        with self.assertRaises(BridgeError):
            parse_kwargs("[1, 2]")
        p = Session("Pendulum-v1", {}, 1)
        p.reset([0])
        with self.assertRaises(BridgeError):
            p.step([], [float("nan")])

    def test_atari_frames_are_stacked_last_as_bytes(self):
        s = Session("ALE/Pong-v5", {}, 1, AtariSettings(enabled=True))
        self.assertEqual((84, 84, 4), s.observation_space.shape)
        dtype, shape, data = s.reset([3])
        self.assertEqual(("uint8", (1, 84, 84, 4), 84 * 84 * 4), (dtype, shape, len(data)))
        self.assertEqual(27_000, s.max_episode_steps)

    def test_a_lost_life_ends_the_episode_for_learning_but_not_the_game(self):
        s = Session("ALE/Breakout-v5", {}, 1, AtariSettings(enabled=True, terminal_on_life_loss=True))
        s.reset([1])
        lost, game_over = 0, False
        for t in range(20_000):
            _, _, terminated, truncated, finished, _ = s.step([t % 4], [])
            if finished:
                game_over = True
                break
            lost += int(terminated[0])
        self.assertTrue(game_over)
        self.assertEqual(4, lost, "five lives: four lost before the game ends")

    def test_discrete_observations_become_one_hot_vectors(self):
        s = Session("FrozenLake-v1", {"is_slippery": False}, 1)
        self.assertEqual((16,), s.observation_space.shape)
        dtype, shape, data = s.reset([0])
        first = np.frombuffer(data, dtype="<f4")
        self.assertEqual(1.0, first[0])
        self.assertEqual(1.0, first.sum())
        observations = s.step([2], [])[0]   # right: from cell 0 to cell 1
        self.assertEqual(1.0, np.frombuffer(observations[2], dtype="<f4")[1])

    def test_frames_for_replays(self):
        s = Session("ALE/Pong-v5", {}, 1, AtariSettings(enabled=True), render=True)
        s.reset([3])
        height, width, rgb, fps = s.render(0)
        self.assertEqual((210, 160, 210 * 160 * 3, 30.0), (height, width, len(rgb), fps))
        with self.assertRaises(BridgeError):
            s.render(1)
        plain = Session("ALE/Pong-v5", {}, 1, AtariSettings(enabled=True))
        plain.reset([3])
        with self.assertRaises(BridgeError) as e:
            plain.render(0)
        self.assertEqual("state", e.exception.kind)

    def test_the_proto_compiles(self):
        messages, services = protocol.load()
        self.assertTrue(hasattr(services, "EnvBridgeStub"))
        self.assertEqual(2, messages.Space.Kind.Value("BOX"))


if __name__ == "__main__":
    unittest.main()

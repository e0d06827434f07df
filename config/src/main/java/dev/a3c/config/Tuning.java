package dev.a3c.config;

import dev.a3c.env.EnvironmentRequest;

/**
 * The settings that differ between environments, as found by the benchmark runs ({@code bench/suite.sh},
 * {@code bench/delivered.sh}, docs/results.md), written as the options a user would give; everything else has one
 * default for all ({@link ConfigLayers#generic}).
 *
 * <p>The main lesson of those runs: with returns in the hundreds, the value loss dominates the
 * gradient, and the default norm clipping (0.5) then leaves the policy almost no step; scaling
 * rewards by 0.01 and clipping at 40 (the A3C paper's bound) made Acrobot, Pendulum and LunarLander
 * learn.
 */
public final class Tuning {

    private Tuning() {}

    /** An environment's options over the generic defaults; empty for none. */
    public static String forEnvironment(String id) {
        if (id.startsWith("MinAtar/")) {
            String game = id.substring("MinAtar/".length());
            // entropy 0.05, not 0.01: Breakout 24.1 instead of 6.8 at 5M frames, Space Invaders 95 instead of 60 at 2M;
            // Freeway's reward needs a steady walk up the road: with entropy 0.01 a 100-episode average of 59.6 at 5M
            // frames (its delivered model 63.8 on fresh episodes), with 0.05 only 29.1.
            String entropy = game.startsWith("Freeway") ? "" : "--entropy-coef 0.05 ";
            // that bonus annealed to 0 over the 5M frames: training averages at the end over 3 seeds 23.7-27.6 on
            // Breakout (16.6-17.3 with a constant 0.05) and 35.1 and up on Asterix (17.0-21.9); on Space Invaders it
            // did not help (145-237), a larger step did (docs/results.md#the-suite-over-seeds)
            String anneal = game.startsWith("Breakout") || game.startsWith("Asterix") ? "--anneal-entropy " : "";
            // Space Invaders was still climbing at 5M frames with 1e-3 (157-246 over 3 seeds); with the generic 2e-3:
            // 229-292
            String lr = game.startsWith("SpaceInvaders") ? "" : "--lr 1e-3 ";
            // Evaluations: 10 episodes every 5 minutes
            return entropy + anneal + lr + "--max-grad-norm 40 --max-steps 5000000 --eval-episodes 10 --eval-every 300s";
        }
        if (new EnvironmentRequest(id, "", 0).atari()) {
            // the A3C paper's network and settings (Mnih et al. 2016, Atari): 16 8x8/4, 32 4x4/2, 256 units; pixels
            // divided by 255 as the paper (with [-1, 1], Breakout's black screen at -1, a run stayed at a random
            // policy's level for 2.46M steps; with [0, 1] it averaged 7 after 0.5M: docs/results.md#breakout),
            // rewards clipped to [-1, 1] for learning (reported unclipped), entropy 0.01,
            // gradient norm 40; 16 environments a worker (a batch of 80 frames), evaluations of 5 games every 10 min;
            // a lost life ends the episode for learning (as the baselines' EpisodicLifeEnv), not the game
            // Targets: the stopping rules of the A3C seeds this project grew from (100-episode averages of game scores)
            String target = id.contains("Pong") ? " --target-return 18" : id.contains("Breakout") ? " --target-return 60" : "";
            return "--conv 16x8/4,32x4/2 --hidden 256 --normalize-observations --observation-range unit --reward-clip 1"
                    + " --entropy-coef 0.01"
                    + " --max-grad-norm 40 --lr 7e-4 --envs-per-worker 16 --max-steps 20000000 --eval-episodes 5"
                    + " --eval-every 600s --life-loss-terminal" + target;
        }
        return switch (id) {
            // a greedy evaluation of 100 episodes takes well under a second: evaluate often
            case "CartPole-v1" -> "--eval-every 5s";
            // a run can reach its training average of -100 with a greedy policy that never swings up (-500 on fresh
            // episodes, sampled -137): stop on 100 fresh sampled episodes instead (docs/results.md)
            case "Acrobot-v1" -> "--entropy-coef 0 --max-grad-norm 40 --reward-scale 0.01 --max-steps 2000000"
                    + " --eval-actions sample --eval-every 5s --stop-on eval";
            case "Pendulum-v1" -> "--gamma 0.95 --entropy-coef 0.001 --max-grad-norm 40 --reward-scale 0.01"
                    + " --normalize-observations";
            // stop on 100 fresh greedy episodes: the training average reached 200 with a model that plays 124 on fresh
            // episodes; stopping on evaluations delivered 211-248 in 3 of 3 seeds (docs/results.md). 100 episodes of
            // the plain-Java MLP take about a second of one core every 15 s
            case "LunarLander-v3" -> "--gamma 0.995 --entropy-coef 0.001 --max-grad-norm 40 --lr 1e-3 --reward-scale 0.01"
                    + " --max-steps 10000000 --stop-on eval";
            // t_max 40 with GAE: 64 x 40 steps a gradient; with t_max 5 or 20 the landings came and went.
            // No entropy bonus: with rewards scaled by 0.01, a bonus of 0.001 a nat is worth 0.1 of reward a step,
            // a third of the main engine's fuel cost, and kept the noise too wide to land quickly (plateau 105-128).
            // The lander only earns its +100 once it rests with every engine off for 25 steps: a state-independent
            // noise of standard deviation 0.3-1 keeps firing an engine; with the noise a function of the state,
            // starting small (0.2), landings came within 0.5M steps.
            // Observations standardized by running statistics (the literature's VecNormalize): 7 of 10 seeds reached
            // the training average of 200 (2 of 10 without), none of the other three fell into hovering.
            // Discount 0.999 and GAE 0.98 (Stable-Baselines3 zoo's PPO settings for this task): landings within a
            // few hundred steps are worth their +100 from the first step (0.999^300 = 0.74; 0.995^300 = 0.22); 9 of
            // 10 seeds reached the training average, 6 of 10 delivered models 200 on fresh episodes (1 of 10 before).
            // Stopped on 100 fresh sampled episodes every 5 s, not on the training average: a run stopped at a training
            // average of 200 delivers a model that plays 200 +- 10 on fresh episodes; stopped on the evaluation, each
            // of the 7 of 10 runs that stopped delivered 207-238 on another 100 fresh episodes; the other three peaked
            // and lost it (delivered 143-191). Gradients clipped at the generic norm of 0.5 (Stable-Baselines3's;
            // before, 40: a typical gradient's norm here is 0.1-0.15, so only the outliers are cut): every run's
            // training average reached 200 (best 209-232) and 8 of 10 delivered models played 200 on fresh
            // episodes, the others 195 and 197. With evaluations confirmed on other episodes, 7 of 10 (every run that
            // stopped); the misses spent their 5M-step budget just under 200. A 10M-step budget (the learning rate
            // annealed over it, so more slowly): 9 runs stopped on a confirmed evaluation, delivered models 200.0-255.3,
            // mean 215. Evaluated with the mean action (as continuous control is; the sampled policy had been evaluated
            // since the mean action of the early, state-independent noise did not throttle) and a confirmation asked to
            // make a fresh evaluation's reaching 200 95% likely: all 20 runs of two sets of 10 stopped on a confirmed
            // evaluation and delivered 200 on fresh episodes (docs/results.md)
            case "LunarLanderContinuous-v3" -> "--gamma 0.999 --entropy-coef 0 --lr 7e-4"
                    + " --reward-scale 0.01 --max-steps 10000000 --rollout-steps 40 --gae-lambda 0.98"
                    + " --state-dependent-std --initial-log-std -1.6 --eval-every 5s --stop-on eval"
                    + " --stop-confidence 0.95 --standardize-observations";
            default -> "";
        };
    }
}

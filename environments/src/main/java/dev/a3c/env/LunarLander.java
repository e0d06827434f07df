package dev.a3c.env;

import java.util.List;
import java.util.SplittableRandom;
import org.jbox2d.callbacks.ContactImpulse;
import org.jbox2d.callbacks.ContactListener;
import org.jbox2d.collision.Manifold;
import org.jbox2d.collision.shapes.EdgeShape;
import org.jbox2d.collision.shapes.PolygonShape;
import org.jbox2d.common.Vec2;
import org.jbox2d.dynamics.Body;
import org.jbox2d.dynamics.BodyDef;
import org.jbox2d.dynamics.BodyType;
import org.jbox2d.dynamics.FixtureDef;
import org.jbox2d.dynamics.World;
import org.jbox2d.dynamics.contacts.Contact;
import org.jbox2d.dynamics.joints.RevoluteJointDef;

/**
 * LunarLander-v3 and LunarLanderContinuous-v3 with Gymnasium's rules (gymnasium/envs/box2d/lunar_lander.py) on
 * JBox2D 2.2.1.1 instead of pybox2d (Box2D 2.3). The rules, constants, shapes, random draws and their order are
 * Gymnasium's; the physics engine is not bit-identical, so trajectories agree in behaviour, not to the last bit.
 *
 * <p>The world: gravity (0, -10), a static moon of CHUNKS = 11 edge segments over a 20 x 13.33 m viewport
 * (VIEWPORT 600 x 400 pixels, SCALE 30 pixels per metre) whose 12 heights are uniform in [0, H/2) from the seeded
 * generator, with heights 3..7 set to the helipad height H/4 and each chunk smoothed as 0.33 (h[i-1] + h[i] + h[i+1])
 * (h[-1] is h[11], as Python indexes); the lander, a six-sided polygon of density 5 at the top centre, pushed by a
 * random force uniform in [-1000, 1000]^2 for the first frame; two legs (4 x 16 pixel boxes, density 1) on revolute
 * joints with limits, spring motors (torque 40, speed +-0.3). Lander and legs collide only with the moon; a contact of
 * the lander body with the moon is game over, a leg contact sets that leg's flag until the contact ends.
 *
 * <p>A step applies the engines as impulses at the engine's position with a dispersion of two uniform draws in
 * [-1/30, 1/30] (drawn every step, engines firing or not), then advances the world by 1/50 s with 180 velocity and
 * 60 position iterations. Discrete actions: 0 noop, 1 left engine, 2 main engine, 3 right engine. Continuous actions
 * (clipped to [-1, 1]): the main engine fires at power (a0 + 1) / 2 when a0 > 0, the side engines at power |a1|
 * (at least 0.5) in the direction of sign(a1) when |a1| > 0.5.
 *
 * <p>The observation: x and y relative to the helipad (x / (W/2), (y - helipad_y - 18/30) / (H/2)), the velocities
 * scaled by (W/2)/FPS and (H/2)/FPS, the angle, 20 angular velocity / FPS, the two leg contacts (1 or 0), as float32
 * from the engine's float32 state. The reward is the change of the shaping -100 |pos| -100 |vel| -100 |angle| + 10 per
 * leg in contact, minus 0.3 per frame of main-engine power and 0.03 per frame of side-engine power; the episode
 * terminates with reward -100 when the lander body touches the moon or |x| >= 1, and with +100 when the lander body
 * falls asleep (comes to rest). Like Gymnasium, {@link #reset()} ends with one noop step, whose observation it returns
 * and whose shaping is the first reference. The 1000-step limit is applied by {@link TimeLimit}; solved at 200.
 *
 * <p>Wind and turbulence (off by default) follow Gymnasium: tanh(sin(0.02 i) + sin(0.01 pi i)) times the power, the
 * indices drawn at reset from [-9999, 9999) and incremented each step while neither leg touches the ground.
 *
 * <p>Cost, measured with a random policy on a loaded 2-core machine: about 20 microseconds a step and 150 a reset
 * (a new world and the first step), as Gymnasium creates a new world on every reset.
 */
public final class LunarLander implements Environment {

    /** Gymnasium's observation space: position, velocity, angle, angular velocity, leg contacts. */
    private static final List<Double> OBSERVATION_LOW = List.of(-2.5, -2.5, -10.0, -10.0, -2 * Math.PI, -10.0, 0.0, 0.0);
    private static final List<Double> OBSERVATION_HIGH = List.of(2.5, 2.5, 10.0, 10.0, 2 * Math.PI, 10.0, 1.0, 1.0);
    public static final EnvironmentSpec SPEC_DISCRETE = EnvironmentSpec.discrete("LunarLander-v3", 8, 4, 1000, 200.0)
            .withObservationBounds(OBSERVATION_LOW, OBSERVATION_HIGH);
    public static final EnvironmentSpec SPEC_CONTINUOUS = new EnvironmentSpec("LunarLanderContinuous-v3", List.of(8),
            ActionSpace.Box.uniform(2, -1.0, 1.0), 1000, 200.0)
            .withObservationBounds(OBSERVATION_LOW, OBSERVATION_HIGH);

    static final int FPS = 50;
    static final double SCALE = 30.0;
    static final double MAIN_ENGINE_POWER = 13.0;
    static final double SIDE_ENGINE_POWER = 0.6;
    static final double INITIAL_RANDOM = 1000.0;
    static final double[][] LANDER_POLY = {{-14, 17}, {-17, 0}, {-17, -10}, {17, -10}, {17, 0}, {14, 17}};
    static final double LEG_AWAY = 20;
    static final double LEG_DOWN = 18;
    static final double LEG_W = 2;
    static final double LEG_H = 8;
    static final double LEG_SPRING_TORQUE = 40;
    static final double SIDE_ENGINE_HEIGHT = 14;
    static final double SIDE_ENGINE_AWAY = 12;
    static final double MAIN_ENGINE_Y_LOCATION = 4;
    static final double VIEWPORT_W = 600;
    static final double VIEWPORT_H = 400;
    static final double W = VIEWPORT_W / SCALE;
    static final double H = VIEWPORT_H / SCALE;
    static final int CHUNKS = 11;
    static final double HELIPAD_Y = H / 4;

    static final int VELOCITY_ITERATIONS = 6 * 30;
    static final int POSITION_ITERATIONS = 2 * 30;

    private static final int GROUND_CATEGORY = 0x0001;
    private static final int LANDER_CATEGORY = 0x0010;
    private static final int LEG_CATEGORY = 0x0020;

    private final boolean continuous;
    private final double gravity;
    private final boolean enableWind;
    private final double windPower;
    private final double turbulencePower;

    private SplittableRandom random = new SplittableRandom();
    private World world;
    private Body lander;
    private final Body[] legs = new Body[2];
    private final boolean[] legContact = new boolean[2];
    private boolean gameOver;
    private Double prevShaping;
    private long windIdx;
    private long torqueIdx;
    private double[] terrainX = new double[0];
    private double[] terrainY = new double[0];
    private double lastMainPower;
    private double lastSidePower;
    private int lastSideDirection;
    private final Vec2 impulse = new Vec2();
    private final Vec2 impulsePoint = new Vec2();
    private final Vec2 windForce = new Vec2();

    /** Gymnasium's defaults: gravity -10, no wind. */
    public LunarLander(boolean continuous) {
        this(continuous, -10.0, false, 15.0, 1.5);
    }

    /** Gymnasium's arguments {@code continuous, gravity, enable_wind, wind_power, turbulence_power}. */
    public LunarLander(boolean continuous, double gravity, boolean enableWind, double windPower,
                       double turbulencePower) {
        if (!(gravity > -12.0 && gravity < 0.0)) {
            throw new IllegalArgumentException("gravity must be between -12 and 0, got " + gravity);
        }
        this.continuous = continuous;
        this.gravity = gravity;
        this.enableWind = enableWind;
        this.windPower = windPower;
        this.turbulencePower = turbulencePower;
    }

    @Override
    public EnvironmentSpec spec() {
        return continuous ? SPEC_CONTINUOUS : SPEC_DISCRETE;
    }

    @Override
    public float[] reset(long seed) {
        random = new SplittableRandom(seed);
        return reset();
    }

    /** Draws the 12 terrain heights, then the initial force, then (with wind) the wind indices. */
    @Override
    public float[] reset() {
        double[] heights = new double[CHUNKS + 1];
        for (int i = 0; i < heights.length; i++) {
            heights[i] = uniform(0, H / 2);
        }
        double forceX = uniform(-INITIAL_RANDOM, INITIAL_RANDOM);
        double forceY = uniform(-INITIAL_RANDOM, INITIAL_RANDOM);
        return resetTo(heights, forceX, forceY);
    }

    /**
     * Builds a new world with the given 12 raw terrain heights (heights 3..7 are replaced by the helipad height, as in
     * Gymnasium) and initial force on the lander, then takes the first noop step, whose observation is returned. The
     * wind indices (with wind) and the engine dispersion are drawn from the environment's generator as it is.
     */
    public float[] resetTo(double[] terrainHeights, double forceX, double forceY) {
        if (terrainHeights.length != CHUNKS + 1) {
            throw new IllegalArgumentException("need " + (CHUNKS + 1) + " heights, got " + terrainHeights.length);
        }
        world = new World(new Vec2(0, (float) gravity));
        world.setContactListener(new ContactDetector());
        gameOver = false;
        prevShaping = null;
        legContact[0] = false;
        legContact[1] = false;

        double[] height = terrainHeights.clone();
        double[] chunkX = new double[CHUNKS];
        for (int i = 0; i < CHUNKS; i++) {
            chunkX[i] = W / (CHUNKS - 1) * i;
        }
        for (int i = CHUNKS / 2 - 2; i <= CHUNKS / 2 + 2; i++) {
            height[i] = HELIPAD_Y;
        }
        double[] smoothY = new double[CHUNKS];
        for (int i = 0; i < CHUNKS; i++) {
            double previous = height[i == 0 ? height.length - 1 : i - 1];
            smoothY[i] = 0.33 * (previous + height[i] + height[i + 1]);
        }

        terrainX = chunkX;
        terrainY = smoothY;

        BodyDef moonDef = new BodyDef();
        moonDef.type = BodyType.STATIC;
        Body moon = world.createBody(moonDef);
        EdgeShape bottom = new EdgeShape();
        bottom.set(new Vec2(0, 0), new Vec2((float) W, 0));
        moon.createFixture(groundFixture(bottom, 0.2f));
        for (int i = 0; i < CHUNKS - 1; i++) {
            EdgeShape edge = new EdgeShape();
            edge.set(new Vec2((float) chunkX[i], (float) smoothY[i]),
                    new Vec2((float) chunkX[i + 1], (float) smoothY[i + 1]));
            moon.createFixture(groundFixture(edge, 0.1f));
        }

        float initialX = (float) (W / 2);
        float initialY = (float) H;
        BodyDef landerDef = new BodyDef();
        landerDef.type = BodyType.DYNAMIC;
        landerDef.position.set(initialX, initialY);
        landerDef.angle = 0f;
        lander = world.createBody(landerDef);
        Vec2[] vertices = new Vec2[LANDER_POLY.length];
        for (int i = 0; i < vertices.length; i++) {
            vertices[i] = new Vec2((float) (LANDER_POLY[i][0] / SCALE), (float) (LANDER_POLY[i][1] / SCALE));
        }
        PolygonShape landerShape = new PolygonShape();
        landerShape.set(vertices, vertices.length);
        FixtureDef landerFixture = new FixtureDef();
        landerFixture.shape = landerShape;
        landerFixture.density = 5.0f;
        landerFixture.friction = 0.1f;
        landerFixture.restitution = 0.0f;
        landerFixture.filter.categoryBits = LANDER_CATEGORY;
        landerFixture.filter.maskBits = GROUND_CATEGORY;
        lander.createFixture(landerFixture);

        lander.applyForceToCenter(new Vec2((float) forceX, (float) forceY));

        if (enableWind) {
            windIdx = -9999 + random.nextLong(9999 - -9999);
            torqueIdx = -9999 + random.nextLong(9999 - -9999);
        }

        for (int k = 0; k < 2; k++) {
            int i = k == 0 ? -1 : 1;
            BodyDef legDef = new BodyDef();
            legDef.type = BodyType.DYNAMIC;
            legDef.position.set((float) (initialX - i * LEG_AWAY / SCALE), initialY);
            legDef.angle = (float) (i * 0.05);
            Body leg = world.createBody(legDef);
            PolygonShape legShape = new PolygonShape();
            legShape.setAsBox((float) (LEG_W / SCALE), (float) (LEG_H / SCALE));
            FixtureDef legFixture = new FixtureDef();
            legFixture.shape = legShape;
            legFixture.density = 1.0f;
            legFixture.restitution = 0.0f;
            legFixture.filter.categoryBits = LEG_CATEGORY;
            legFixture.filter.maskBits = GROUND_CATEGORY;
            leg.createFixture(legFixture);

            RevoluteJointDef rjd = new RevoluteJointDef();
            rjd.bodyA = lander;
            rjd.bodyB = leg;
            rjd.localAnchorA.set(0, 0);
            rjd.localAnchorB.set((float) (i * LEG_AWAY / SCALE), (float) (LEG_DOWN / SCALE));
            rjd.enableMotor = true;
            rjd.enableLimit = true;
            rjd.maxMotorTorque = (float) LEG_SPRING_TORQUE;
            rjd.motorSpeed = (float) (0.3 * i);
            if (i == -1) {
                rjd.lowerAngle = (float) (0.9 - 0.5);
                rjd.upperAngle = 0.9f;
            } else {
                rjd.lowerAngle = -0.9f;
                rjd.upperAngle = (float) (-0.9 + 0.5);
            }
            world.createJoint(rjd);
            legs[k] = leg;
        }
        return continuous ? step(new float[] {0f, 0f}).observation() : step(0).observation();
    }

    private static FixtureDef groundFixture(EdgeShape shape, float friction) {
        FixtureDef def = new FixtureDef();
        def.shape = shape;
        def.density = 0f;
        def.friction = friction;
        return def;
    }

    @Override
    public Step step(int action) {
        if (continuous) {
            return Environment.super.step(action);
        }
        if (action < 0 || action > 3) {
            throw new IllegalArgumentException("LunarLander-v3 takes actions 0..3, got " + action);
        }
        double mainPower = action == 2 ? 1.0 : 0.0;
        double sidePower = action == 1 || action == 3 ? 1.0 : 0.0;
        return advance(mainPower, sidePower, action - 2);
    }

    @Override
    public Step step(float[] action) {
        if (!continuous) {
            return Environment.super.step(action);
        }
        if (action.length != 2) {
            throw new IllegalArgumentException("LunarLanderContinuous-v3 takes two action values, got "
                    + action.length);
        }
        double main = clip(action[0], -1.0, 1.0);
        double lateral = clip(action[1], -1.0, 1.0);
        double mainPower = main > 0.0 ? (clip(main, 0.0, 1.0) + 1.0) * 0.5 : 0.0;
        double sidePower = Math.abs(lateral) > 0.5 ? clip(Math.abs(lateral), 0.5, 1.0) : 0.0;
        return advance(mainPower, sidePower, Math.signum(lateral));
    }

    private Step advance(double mainPower, double sidePower, double direction) {
        if (world == null) {
            throw new IllegalStateException("step() before reset()");
        }
        if (enableWind && !(legContact[0] || legContact[1])) {
            double windMag = Math.tanh(Math.sin(0.02 * windIdx) + Math.sin(Math.PI * 0.01 * windIdx)) * windPower;
            windIdx++;
            windForce.set((float) windMag, 0f);
            lander.applyForceToCenter(windForce);
            double torqueMag = Math.tanh(Math.sin(0.02 * torqueIdx) + Math.sin(Math.PI * 0.01 * torqueIdx))
                    * turbulencePower;
            torqueIdx++;
            lander.applyTorque((float) torqueMag);
        }

        lastMainPower = mainPower;
        lastSidePower = sidePower;
        lastSideDirection = sidePower > 0.0 ? (int) Math.signum(direction) : 0;
        double angle = lander.getAngle();
        double tipX = Math.sin(angle);
        double tipY = Math.cos(angle);
        double sideX = -tipY;
        double sideY = tipX;
        double dispersion0 = uniform(-1.0, 1.0) / SCALE;
        double dispersion1 = uniform(-1.0, 1.0) / SCALE;

        Vec2 position = lander.getPosition();
        if (mainPower > 0.0) {
            double ox = tipX * (MAIN_ENGINE_Y_LOCATION / SCALE + 2 * dispersion0) + sideX * dispersion1;
            double oy = -tipY * (MAIN_ENGINE_Y_LOCATION / SCALE + 2 * dispersion0) - sideY * dispersion1;
            impulsePoint.set((float) (position.x + ox), (float) (position.y + oy));
            impulse.set((float) (-ox * MAIN_ENGINE_POWER * mainPower), (float) (-oy * MAIN_ENGINE_POWER * mainPower));
            lander.applyLinearImpulse(impulse, impulsePoint);
        }
        if (sidePower > 0.0) {
            double lever = 3 * dispersion1 + direction * SIDE_ENGINE_AWAY / SCALE;
            double ox = tipX * dispersion0 + sideX * lever;
            double oy = -tipY * dispersion0 - sideY * lever;
            // Gymnasium's offset: 17 pixels along the tip in x, SIDE_ENGINE_HEIGHT (14) in y.
            impulsePoint.set((float) (position.x + ox - tipX * 17 / SCALE),
                    (float) (position.y + oy + tipY * SIDE_ENGINE_HEIGHT / SCALE));
            impulse.set((float) (-ox * SIDE_ENGINE_POWER * sidePower), (float) (-oy * SIDE_ENGINE_POWER * sidePower));
            lander.applyLinearImpulse(impulse, impulsePoint);
        }

        world.step((float) (1.0 / FPS), VELOCITY_ITERATIONS, POSITION_ITERATIONS);

        Vec2 pos = lander.getPosition();
        Vec2 vel = lander.getLinearVelocity();
        double[] state = {
            (pos.x - W / 2) / (W / 2),
            (pos.y - (HELIPAD_Y + LEG_DOWN / SCALE)) / (H / 2),
            vel.x * (W / 2) / FPS,
            vel.y * (H / 2) / FPS,
            lander.getAngle(),
            20.0 * lander.getAngularVelocity() / FPS,
            legContact[0] ? 1.0 : 0.0,
            legContact[1] ? 1.0 : 0.0,
        };

        double shaping = -100 * Math.sqrt(state[0] * state[0] + state[1] * state[1])
                - 100 * Math.sqrt(state[2] * state[2] + state[3] * state[3])
                - 100 * Math.abs(state[4])
                + 10 * state[6]
                + 10 * state[7];
        double reward = prevShaping == null ? 0.0 : shaping - prevShaping;
        prevShaping = shaping;
        reward -= mainPower * 0.30;
        reward -= sidePower * 0.03;

        boolean terminated = false;
        if (gameOver || Math.abs(state[0]) >= 1.0) {
            terminated = true;
            reward = -100;
        }
        if (!lander.isAwake()) {
            terminated = true;
            reward = +100;
        }
        float[] observation = new float[8];
        for (int i = 0; i < 8; i++) {
            observation[i] = (float) state[i];
        }
        return new Step(observation, reward, terminated, false);
    }

    /** A closed polygon in world coordinates (metres, y up). */
    public record Polygon(double[] x, double[] y) {
        public Polygon {
            if (x.length != y.length) {
                throw new IllegalArgumentException("as many x as y coordinates needed");
            }
            x = x.clone();
            y = y.clone();
        }

        @Override
        public double[] x() {
            return x.clone();
        }

        @Override
        public double[] y() {
            return y.clone();
        }
    }

    /** A leg: its box in world coordinates and whether it touches the ground. */
    public record Leg(Polygon shape, boolean contact) {}

    /**
     * What a frame shows, read from the physics without exposing it: the viewport ({@code width} x {@code height}
     * metres, origin at the bottom left, y up), the terrain's line from left to right, the helipad between
     * {@code helipadX1} and {@code helipadX2} at {@code helipadY} (the flags stand there), the lander body's centre,
     * angle and outline, the two legs, the engines fired in the last step (main-engine power in [0, 1], side-engine
     * power in [0, 1] with its direction, -1 or +1 as in Gymnasium's actions, 0 when off), and whether the body has
     * touched the ground (a crash).
     */
    public record Snapshot(double width, double height, Polygon terrain, double helipadX1, double helipadX2,
                           double helipadY, double x, double y, double angle, Polygon body, List<Leg> legs,
                           double mainEnginePower, double sideEnginePower, int sideEngineDirection, boolean crashed) {
        public Snapshot {
            legs = List.copyOf(legs);
        }
    }

    /** The current state of the world, for example to draw it; {@link #reset()} must have been called. */
    public Snapshot snapshot() {
        if (world == null) {
            throw new IllegalStateException("snapshot() before reset()");
        }
        Vec2 position = lander.getPosition();
        Leg[] legShapes = new Leg[2];
        for (int k = 0; k < 2; k++) {
            legShapes[k] = new Leg(outline(legs[k]), legContact[k]);
        }
        return new Snapshot(W, H, new Polygon(terrainX, terrainY), terrainX[CHUNKS / 2 - 1],
                terrainX[CHUNKS / 2 + 1], HELIPAD_Y, position.x, position.y, lander.getAngle(), outline(lander),
                List.of(legShapes), lastMainPower, lastSidePower, lastSideDirection, gameOver);
    }

    private static Polygon outline(Body body) {
        PolygonShape shape = (PolygonShape) body.getFixtureList().getShape();
        int n = shape.getVertexCount();
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            Vec2 world = body.getWorldPoint(shape.getVertex(i));
            x[i] = world.x;
            y[i] = world.y;
        }
        return new Polygon(x, y);
    }

    private double uniform(double low, double high) {
        return low + (high - low) * random.nextDouble();
    }

    private static double clip(double x, double low, double high) {
        return Math.min(Math.max(x, low), high);
    }

    /** Gymnasium's ContactDetector: the lander body touching the moon ends the game; legs report their contact. */
    private final class ContactDetector implements ContactListener {
        @Override
        public void beginContact(Contact contact) {
            Body a = contact.getFixtureA().getBody();
            Body b = contact.getFixtureB().getBody();
            if (a == lander || b == lander) {
                gameOver = true;
            }
            for (int i = 0; i < 2; i++) {
                if (a == legs[i] || b == legs[i]) {
                    legContact[i] = true;
                }
            }
        }

        @Override
        public void endContact(Contact contact) {
            Body a = contact.getFixtureA().getBody();
            Body b = contact.getFixtureB().getBody();
            for (int i = 0; i < 2; i++) {
                if (a == legs[i] || b == legs[i]) {
                    legContact[i] = false;
                }
            }
        }

        @Override
        public void preSolve(Contact contact, Manifold oldManifold) {}

        @Override
        public void postSolve(Contact contact, ContactImpulse impulse) {}
    }
}

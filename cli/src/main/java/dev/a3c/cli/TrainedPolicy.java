package dev.a3c.cli;

import dev.a3c.checkpoint.CheckpointFile;
import dev.a3c.config.TrainingConfig;
import dev.a3c.network.ActorCriticNetwork;
import java.nio.file.Path;

/** A model file (final model or checkpoint) ready to play: its run's configuration and its network. */
record TrainedPolicy(TrainingConfig config, ActorCriticNetwork network) {

    static TrainedPolicy load(Path modelFile) {
        CheckpointFile.Contents contents = CheckpointFile.read(modelFile);
        TrainingConfig config = contents.state().config();
        return new TrainedPolicy(config, ActorCriticNetwork.wrap(config.networkSpec(), contents.graph()));
    }
}

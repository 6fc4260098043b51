/** JMH benchmarks of every hot path, each beside the peer a user would pick instead. */
package io.omnicanal.benchmarks;

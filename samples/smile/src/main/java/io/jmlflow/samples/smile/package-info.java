/** Sample programs for smile (being written). */
package io.jmlflow.samples.smile;

/** Sample programs for tribuo (being written). */
package io.jmlflow.samples.tribuo;

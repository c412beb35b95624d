// The reference: Apache ECharts' heatmap, tree-shaken to what a heatmap needs.
import { HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

/** Draws an RC result as an ECharts heatmap into `container`; returns a function that redraws with another result. */
export function drawRcHeatmap(container, result) {
  const chart = echarts.init(container, null, { renderer: 'canvas' });
  const option = (r) => {
    const index = new Map(r.groups.map((g, i) => [g, i]));
    return {
      animation: false,
      tooltip: {},
      grid: { left: 160, top: 10, right: 10, bottom: 160 },
      xAxis: { type: 'category', data: r.groups, axisLabel: { rotate: 90 } },
      yAxis: { type: 'category', data: r.groups },
      visualMap: { min: 1, max: 5, calculable: false, orient: 'horizontal', left: 'center', bottom: 0 },
      series: [
        {
          type: 'heatmap',
          data: r.ties.filter((t) => !t.suppressed).map((t) => [index.get(t.to), index.get(t.from), Math.round(t.score * 10) / 10]),
          label: { show: true },
        },
      ],
    };
  };
  chart.setOption(option(result));
  return (next) => chart.setOption(option(next));
}

/** Every chart of the course: figure builders, notebook output, live charts and HTML reports. */
export * from './figures';
export { show } from './display';
export { liveFigure, type LiveFigure } from './live';
export { writeHtmlReport, type ReportSection } from './report';
